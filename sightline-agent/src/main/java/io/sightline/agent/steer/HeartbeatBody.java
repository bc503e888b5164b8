package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.agent.outbox.OutboxFigures;
import io.sightline.core.wire.HeartbeatField;

/**
 * What a heartbeat tells the server besides "alive": the outbox's depth, the age of its oldest
 * undelivered change and what was parked, so the server can show every agent's backlog
 * ({@code /metrics}, {@code GET /api/v1/agents}; docs/steering.md).
 */
public final class HeartbeatBody {
    private HeartbeatBody() {}

    public static String of(OutboxFigures outbox) {
        ObjectNode body = JsonNodeFactory.instance
                .objectNode()
                .put(HeartbeatField.OUTBOX_DEPTH.wireName(), outbox.depth())
                .put(HeartbeatField.OUTBOX_PARKED.wireName(), outbox.parked());
        outbox.oldestUndelivered()
                .ifPresent(age ->
                        body.put(HeartbeatField.OUTBOX_OLDEST_UNDELIVERED_SECONDS.wireName(), age.toMillis() / 1000.0));
        // shortened to what the server takes: a long reason must not cost the whole heartbeat
        outbox.newestParked()
                .ifPresent(p -> body.put(
                        HeartbeatField.OUTBOX_NEWEST_PARKED.wireName(),
                        HeartbeatField.OUTBOX_NEWEST_PARKED.spec().fit(p.describe())));
        return body.toString();
    }
}
