package io.sightline.fastmon;

import java.time.Duration;

/** Doubling delays between retries, from {@code first} up to {@code max}; reset after a success. */
final class Backoff {
    private final long firstMillis;
    private final long maxMillis;
    private long current;

    Backoff(Duration first, Duration max) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.current = firstMillis;
    }

    long nextMillis() {
        long d = current;
        current = Math.min(maxMillis, current * 2);
        return d;
    }

    void reset() {
        current = firstMillis;
    }
}
