package io.sightline.cli.agent;

import io.sightline.agent.client.BackendClient;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.cli.support.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The steering options of {@code agent watch} (docs/steering.md), each also read from
 * {@code SIGHTLINE_<NAME>} and the config file named by {@code SIGHTLINE_CONFIG} ({@link Settings}:
 * flag > environment > file > default). A mixin so that {@link WatchCommand} changes by two lines.
 */
public final class SteeringOptions {

    @Option(
            names = "--session-id",
            paramLabel = "ID",
            description = "Join this steering session instead of opening "
                    + "a new one (POST /agent/{agent_id}/sessions). Env SIGHTLINE_SESSION_ID.")
    String sessionId;

    @Option(
            names = "--heartbeat-interval",
            paramLabel = "S",
            description = "Seconds between heartbeats to the server; "
                    + "0 disables them (default: 30). Env SIGHTLINE_HEARTBEAT_INTERVAL.")
    String heartbeatInterval;

    @Option(
            names = "--sse-timeout",
            paramLabel = "S",
            description =
                    "Seconds of silence on the instruction stream "
                            + "after which the connection counts as dead and is reopened (default: 60). Env SIGHTLINE_SSE_TIMEOUT.")
    String sseTimeout;

    @Option(
            names = "--athena-url",
            paramLabel = "URL",
            description = "EPU's Athena Decision Service, e.g. "
                    + "http://epu-pc:5000; steering instructions become Athena decisions. Without it they are declined. "
                    + "Env SIGHTLINE_ATHENA_URL.")
    String athenaUrl;

    Map<String, String> environment = System.getenv();

    /** The steering settings; an {@link IllegalArgumentException} names the bad option. */
    SteeringConfig resolve() {
        Settings settings = Settings.load(null, environment);
        SteeringConfig d = SteeringConfig.DEFAULTS;
        String session = settings.get("session-id", sessionId).orElse(null);
        Duration heartbeat = settings.get("heartbeat-interval", heartbeatInterval)
                .map(v -> seconds("--heartbeat-interval", v, true))
                .orElse(d.heartbeatInterval());
        Duration timeout = settings.get("sse-timeout", sseTimeout)
                .map(v -> seconds("--sse-timeout", v, false))
                .orElse(d.sseTimeout());
        URI athena =
                settings.get("athena-url", athenaUrl).map(SteeringOptions::url).orElse(null);
        return new SteeringConfig(session, heartbeat, timeout, athena);
    }

    private static Duration seconds(String option, String text, boolean zeroAllowed) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number of seconds, got '" + text + "'");
        }
        if (Double.isNaN(value) || Double.isInfinite(value) || value < 0 || (!zeroAllowed && value == 0)) {
            throw new IllegalArgumentException(option + " must be " + (zeroAllowed ? "0 or " : "")
                    + "a positive number " + "of seconds, got " + text);
        }
        return Duration.ofMillis(Math.round(value * 1000));
    }

    private static URI url(String text) {
        try {
            return BackendClient.validate(new URI(text.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--athena-url is not a URL: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--athena-url: " + e.getMessage());
        }
    }
}
