package io.sightline.agent;

import io.sightline.agent.ingest.EntityType;
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
 * @param outboxDepth        changes stored and not yet delivered
 * @param parked             changes the server refused (kept with the reason)
 * @param oldestUndelivered  age of the oldest undelivered change
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
        int outboxDepth,
        int parked,
        Optional<Duration> oldestUndelivered,
        long delivered,
        String server,
        String watcher) {

    public String describe() {
        String byType = entities.entrySet().stream()
                .map(e -> e.getKey().wireName() + "=" + e.getValue())
                .collect(Collectors.joining(" ", "{", "}"));
        return "files seen " + filesSeen + (filesRejected > 0 ? " (" + filesRejected + " rejected)" : "")
                + ", entities " + byType
                + ", pending orphans " + pendingOrphans
                + oldestOrphan.map(d -> " (oldest " + d.toSeconds() + " s)").orElse("")
                + ", outbox depth " + outboxDepth + (parked > 0 ? " (" + parked + " parked)" : "")
                + ", oldest undelivered "
                + oldestUndelivered.map(d -> d.toMillis() / 1000.0 + " s").orElse("-")
                + ", delivered " + delivered + ", server " + server + "; " + watcher;
    }
}
