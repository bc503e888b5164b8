package io.sightline.agent;

import io.sightline.agent.outbox.OutboxFigures;
import io.sightline.core.wire.EntityType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One look at a running agent: the status line's figures.
 *
 * @param filesSeen          EPU files handed on by the watcher (re-settled ones count again)
 * @param filesRejected      malformed or unsupported files (skipped until they change)
 * @param entities           distinct entities produced this run, by type
 * @param pendingOrphans     files waiting for a parent
 * @param oldestOrphan       how long the oldest of them has waited
 * @param outbox             depth, oldest undelivered, parked entries and the newest of them
 * @param delivered          changes delivered this run
 * @param server             the delivery's state ({@code connected}, {@code unreachable}, {@code dry run}, ...)
 * @param watcher            the watcher's own description
 */
public record AgentStatus(
        long filesSeen,
        long filesRejected,
        Map<EntityType, Long> entities,
        int pendingOrphans,
        Optional<Duration> oldestOrphan,
        OutboxFigures outbox,
        long delivered,
        String server,
        String watcher) {

    /** Changes stored and not yet delivered. */
    public int outboxDepth() {
        return outbox.depth();
    }

    /** Changes set aside for good (the server refused them, or failed them alone). */
    public int parked() {
        return outbox.parked();
    }

    /** Age of the oldest undelivered change. */
    public Optional<Duration> oldestUndelivered() {
        return outbox.oldestUndelivered();
    }

    public String describe() {
        String byType = entities.entrySet().stream()
                .map(e -> e.getKey().wireName() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "{", "}"));
        return "files seen " + filesSeen + (filesRejected > 0 ? " (" + filesRejected + " rejected)" : "")
                + ", entities " + byType
                + ", pending orphans " + pendingOrphans
                + oldestOrphan.map(d -> " (oldest " + d.toSeconds() + " s)").orElse("")
                + ", outbox depth " + outbox.depth()
                + ", oldest undelivered "
                + outbox.oldestUndelivered()
                        .map(d -> d.toMillis() / 1000.0 + " s")
                        .orElse("-")
                + ", delivered " + delivered + ", server " + server
                + outbox.newestParked()
                        .map(p -> ", parked " + outbox.parked() + " (newest " + p.describe() + ")")
                        .orElse("")
                + "; " + watcher;
    }
}
