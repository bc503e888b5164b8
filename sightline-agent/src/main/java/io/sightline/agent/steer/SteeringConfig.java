package io.sightline.agent.steer;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The steering channel's settings (docs/steering.md, "The agent").
 *
 * @param sessionId         an existing session to join, or null to open one ({@code POST /agent/{id}/sessions})
 * @param heartbeatInterval between heartbeats; zero: none
 * @param sseTimeout        silence on the instruction stream longer than this is a dead connection
 * @param athenaUrl         EPU's Athena Decision Service, or null (steering instructions are then declined)
 */
public record SteeringConfig(String sessionId, Duration heartbeatInterval, Duration sseTimeout, URI athenaUrl) {
    public static final SteeringConfig DEFAULTS =
            new SteeringConfig(null, Duration.ofSeconds(30), Duration.ofSeconds(60), null);

    public SteeringConfig {
        sessionId = sessionId == null || sessionId.isBlank() ? null : sessionId.strip();
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(sseTimeout, "sseTimeout");
        if (heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "the heartbeat interval must be 0 (off) or positive, got " + heartbeatInterval);
        }
        if (sseTimeout.isNegative() || sseTimeout.isZero()) {
            throw new IllegalArgumentException("the SSE timeout must be positive, got " + sseTimeout);
        }
    }

    public SteeringConfig withSessionId(String value) {
        return new SteeringConfig(value, heartbeatInterval, sseTimeout, athenaUrl);
    }

    public SteeringConfig withHeartbeatInterval(Duration value) {
        return new SteeringConfig(sessionId, value, sseTimeout, athenaUrl);
    }

    public SteeringConfig withSseTimeout(Duration value) {
        return new SteeringConfig(sessionId, heartbeatInterval, value, athenaUrl);
    }

    public SteeringConfig withAthenaUrl(URI value) {
        return new SteeringConfig(sessionId, heartbeatInterval, sseTimeout, value);
    }

    public String describe() {
        return "session " + (sessionId == null ? "(opened at start)" : sessionId) + ", heartbeats "
                + (heartbeatInterval.isZero() ? "off" : "every " + heartbeatInterval.toMillis() / 1000.0 + " s")
                + ", SSE timeout " + sseTimeout.toMillis() / 1000.0 + " s, Athena "
                + (athenaUrl == null ? "none (steering declined)" : athenaUrl.toString());
    }
}
