package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.agent.outbox.OutboxFigures;

/**
 * What a heartbeat tells the server besides "alive": the outbox's depth, the age of its oldest
 * undelivered change and what was parked, so the server can show every agent's backlog
 * ({@code /metrics}, {@code GET /api/v1/agents}; docs/steering.md).
 */
public final class HeartbeatBody {
    static final int MOST_CHARS = 1000;

    private HeartbeatBody() {}

    public static String of(OutboxFigures outbox) {
        ObjectNode body = JsonNodeFactory.instance
                .objectNode()
                .put("outbox_depth", outbox.depth())
                .put("outbox_parked", outbox.parked());
        outbox.oldestUndelivered()
                .ifPresent(age -> body.put("outbox_oldest_undelivered_seconds", age.toMillis() / 1000.0));
        outbox.newestParked().ifPresent(p -> body.put("outbox_newest_parked", shortened(p.describe())));
        return body.toString();
    }

    /** The server keeps up to {@value #MOST_CHARS} characters of it. */
    private static String shortened(String text) {
        return text.length() <= MOST_CHARS ? text : text.substring(0, MOST_CHARS - 3) + "...";
    }
}
