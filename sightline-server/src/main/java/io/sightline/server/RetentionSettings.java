package io.sightline.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server keeps records that exist only for retries and resuming clients, so that a server
 * running for years holds bounded tables.
 *
 * @param ingestKeys idempotency keys of {@code /api/v1/ingest} requests and their stored answers (7 days):
 *     an agent retrying a batch after this long sends it again and gets "unchanged" upserts instead
 * @param eventLog committed events (30 days); never less than the replay window's age, and events the
 *     bus has not confirmed yet are kept whatever their age
 */
public record RetentionSettings(Duration ingestKeys, Duration eventLog) {

    public static final RetentionSettings DEFAULT = new RetentionSettings(Duration.ofDays(7), Duration.ofDays(30));

    public RetentionSettings {
        positive("ingestKeys", ingestKeys);
        positive("eventLog", eventLog);
    }

    public RetentionSettings withIngestKeys(Duration value) {
        return new RetentionSettings(value, eventLog);
    }

    public RetentionSettings withEventLog(Duration value) {
        return new RetentionSettings(ingestKeys, value);
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("retention " + name + " must be positive, was " + value);
        }
    }
}
