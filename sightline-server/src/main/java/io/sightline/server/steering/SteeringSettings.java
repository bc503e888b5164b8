package io.sightline.server.steering;

import java.time.Duration;
import java.util.Objects;

/**
 * How the steering channel runs (docs/steering.md, "Connection manager" and "The stream").
 *
 * @param checkInterval how often the connection manager runs (30 s)
 * @param staleAfter a connection without a heartbeat for this long is closed as stale (2 min)
 * @param sessionInactiveAfter a session without activity for this long becomes inactive (1 h)
 * @param retention agent logs and closed connections older than this are deleted (7 days)
 * @param streamHeartbeat how often an instruction stream gets a heartbeat event (15 s)
 */
public record SteeringSettings(
        Duration checkInterval,
        Duration staleAfter,
        Duration sessionInactiveAfter,
        Duration retention,
        Duration streamHeartbeat) {

    public static final SteeringSettings DEFAULT = new SteeringSettings(
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofHours(1),
            Duration.ofDays(7),
            Duration.ofSeconds(15));

    public SteeringSettings {
        positive("checkInterval", checkInterval);
        positive("staleAfter", staleAfter);
        positive("sessionInactiveAfter", sessionInactiveAfter);
        positive("retention", retention);
        positive("streamHeartbeat", streamHeartbeat);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    public SteeringSettings withCheckInterval(Duration value) {
        return new SteeringSettings(value, staleAfter, sessionInactiveAfter, retention, streamHeartbeat);
    }

    public SteeringSettings withStaleAfter(Duration value) {
        return new SteeringSettings(checkInterval, value, sessionInactiveAfter, retention, streamHeartbeat);
    }

    public SteeringSettings withSessionInactiveAfter(Duration value) {
        return new SteeringSettings(checkInterval, staleAfter, value, retention, streamHeartbeat);
    }

    public SteeringSettings withRetention(Duration value) {
        return new SteeringSettings(checkInterval, staleAfter, sessionInactiveAfter, value, streamHeartbeat);
    }

    public SteeringSettings withStreamHeartbeat(Duration value) {
        return new SteeringSettings(checkInterval, staleAfter, sessionInactiveAfter, retention, value);
    }
}
