package io.sightline.agent.steer;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnection delays: exponential with full jitter between a floor and a cap. Attempt {@code n}
 * (0-based) waits a uniformly random time in {@code [floor, min(cap, floor * 2^n)]}: random so that
 * many agents cut off together do not return together; never under the floor so that a server that
 * refuses at once is not hammered; never over the cap so that a returning server is found soon.
 */
public record Backoff(Duration floor, Duration cap) {
    /** 0.5 s to 30 s, as docs/steering.md states. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    public Backoff {
        if (floor.isNegative() || floor.isZero() || cap.compareTo(floor) < 0) {
            throw new IllegalArgumentException("need 0 < floor <= cap, got " + floor + " and " + cap);
        }
    }

    /** The longest wait of attempt {@code attempt}. */
    public Duration ceiling(int attempt) {
        long floorMs = floor.toMillis();
        long capMs = cap.toMillis();
        int shift = Math.min(Math.max(attempt, 0), 40);
        long ceiling = floorMs > (capMs >> shift) ? capMs : floorMs << shift;
        return Duration.ofMillis(Math.min(capMs, ceiling));
    }

    /** The wait of attempt {@code attempt}, {@code random} giving values in [0, 1). */
    public Duration delay(int attempt, DoubleSupplier random) {
        long floorMs = floor.toMillis();
        long span = ceiling(attempt).toMillis() - floorMs;
        double r = random.getAsDouble();
        return Duration.ofMillis(floorMs + (long) Math.floor(r * (span + 1)));
    }
}
