package io.sightline.server.steering;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steering housekeeping, every check interval: closes stale connections, retries or expires
 * instructions past their expiry, marks idle sessions inactive, deletes old logs and closed
 * connections; then signals every session it changed so that the stream holders react. Each sweep
 * is a guarded database update, so several servers may run it at once.
 */
public final class ConnectionManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);

    /** What one run changed. */
    public record Report(
            int staleConnections,
            int retried,
            int expired,
            int inactiveSessions,
            int logsDeleted,
            int connectionsDeleted) {}

    private final SteeringStore store;
    private final SteeringSignal signal;
    private final SteeringSettings settings;
    private ScheduledExecutorService timer;

    public ConnectionManager(SteeringStore store, SteeringSignal signal, SteeringSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Runs {@link #runOnce} every check interval on a daemon thread until closed. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("steering-manager").factory());
        long every = settings.checkInterval().toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        runOnce();
                    } catch (RuntimeException e) {
                        log.error(
                                "the steering connection manager run failed; trying again in {}",
                                settings.checkInterval(),
                                e);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /** One pass of every sweep, at the store's clock. */
    public synchronized Report runOnce() {
        Instant now = store.now();
        Set<String> changed = new LinkedHashSet<>();
        Set<String> stale = store.closeStaleConnections(now.minus(settings.staleAfter()));
        changed.addAll(stale);
        SteeringStore.ExpiryResult expiry = store.expireInstructions();
        changed.addAll(expiry.sessions());
        Set<String> idle = store.deactivateIdleSessions(now.minus(settings.sessionInactiveAfter()));
        changed.addAll(idle);
        Instant retentionCutoff = now.minus(settings.retention());
        int logs = store.deleteLogsBefore(retentionCutoff);
        int connections = store.deleteConnectionsClosedBefore(retentionCutoff);
        changed.forEach(signal::signal);
        Report report = new Report(stale.size(), expiry.retried(), expiry.expired(), idle.size(), logs, connections);
        if (!changed.isEmpty() || logs > 0 || connections > 0) {
            log.info("steering housekeeping: {}", report);
        }
        return report;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
