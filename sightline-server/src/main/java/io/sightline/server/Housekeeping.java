package io.sightline.server;

import io.sightline.server.events.EventLog;
import io.sightline.server.persistence.IngestLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the {@link RetentionSettings} no longer keep: old idempotency keys and old events. Runs a
 * minute after start and then every {@code interval}; each pass deletes in bounded chunks, so that a
 * first pass over a large backlog never holds long locks.
 */
final class Housekeeping implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration INTERVAL = Duration.ofHours(1);

    /** What one pass deleted. */
    record Pass(int ingestKeys, int events) {}

    private final IngestLog ingestLog;
    private final EventLog eventLog;
    private final RetentionSettings retention;
    private final Clock clock;
    private ScheduledExecutorService timer;

    Housekeeping(IngestLog ingestLog, EventLog eventLog, RetentionSettings retention, Clock clock) {
        this.ingestLog = ingestLog;
        this.eventLog = eventLog;
        this.retention = retention;
        this.clock = clock;
    }

    synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("sightline-housekeeping").unstarted(r));
        timer.scheduleWithFixedDelay(this::runSafely, 60, INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** One pass, now. */
    Pass runOnce() {
        Instant now = clock.instant();
        Pass pass = new Pass(
                ingestLog.forgetOlderThan(now.minus(retention.ingestKeys())),
                eventLog.deleteOlderThan(now.minus(retention.eventLog())));
        if (pass.ingestKeys() > 0 || pass.events() > 0) {
            log.info(
                    "housekeeping: forgot {} idempotency keys older than {} days, deleted {} events older than {} days",
                    pass.ingestKeys(),
                    retention.ingestKeys().toDays(),
                    pass.events(),
                    retention.eventLog().toDays());
        }
        return pass;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("housekeeping failed; it runs again in {} min", INTERVAL.toMinutes(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
