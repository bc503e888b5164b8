package io.sightline.agent;

import io.sightline.agent.client.ApiFlavour;
import io.sightline.agent.steer.SteeringConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code sightline agent watch} runs with.
 *
 * @param root          the visit folder to watch (it may not exist yet: the watcher waits for it)
 * @param apiUrl        the backend's base URL; null only with {@code dryRun}
 * @param token         bearer token, or null
 * @param agentId       names this agent in idempotency keys and the acquisition's identity
 * @param dryRun        talk to no server; print what would be sent
 * @param pollingOnly   no operating-system events (SMB/CIFS shares)
 * @param pollInterval  the full rescan interval
 * @param settle        a file is processed once unchanged for this long
 * @param logInterval   status line period
 * @param stateDir      where the outbox database lives (unused with {@code dryRun}: memory only)
 * @param drainTimeout  how long a clean stop tries to deliver what is stored
 * @param steering      the steering channel: session, heartbeats, SSE timeout, Athena URL
 * @param apiFlavour    which API delivers: {@link ApiFlavour#AUTO} asks the server's {@code /status}
 */
public record AgentConfig(
        Path root,
        URI apiUrl,
        String token,
        String agentId,
        boolean dryRun,
        boolean pollingOnly,
        Duration pollInterval,
        Duration settle,
        Duration logInterval,
        Path stateDir,
        Duration drainTimeout,
        SteeringConfig steering,
        ApiFlavour apiFlavour) {

    public AgentConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(agentId, "agentId");
        if (!dryRun && apiUrl == null) {
            throw new IllegalArgumentException("an API URL is required unless --dry-run is given");
        }
        if (agentId.isBlank()) {
            throw new IllegalArgumentException("the agent id must not be blank");
        }
        requirePositive("poll interval", pollInterval);
        requirePositive("settle window", settle);
        requirePositive("log interval", logInterval);
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        steering = steering == null ? SteeringConfig.DEFAULTS : steering;
        apiFlavour = apiFlavour == null ? ApiFlavour.AUTO : apiFlavour;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be positive, got " + d);
        }
    }

    /** Defaults: 10 s rescans, 1 s settle, status every 30 s, state under {@code ~/.sightline/agent}, 10 s drain. */
    public static AgentConfig of(Path root, URI apiUrl, String agentId) {
        return new AgentConfig(
                root,
                apiUrl,
                null,
                agentId,
                false,
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Path.of(System.getProperty("user.home"), ".sightline", "agent"),
                Duration.ofSeconds(10),
                SteeringConfig.DEFAULTS,
                ApiFlavour.AUTO);
    }

    /** A dry run of {@code root}: no server, state in memory; the other settings as {@link #of}. */
    public static AgentConfig dryRun(Path root, String agentId) {
        return new AgentConfig(
                root,
                null,
                null,
                agentId,
                true,
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Path.of(System.getProperty("user.home"), ".sightline", "agent"),
                Duration.ofSeconds(10),
                SteeringConfig.DEFAULTS,
                ApiFlavour.AUTO);
    }

    public AgentConfig withToken(String value) {
        return new AgentConfig(
                root,
                apiUrl,
                value,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                settle,
                logInterval,
                stateDir,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withDryRun(boolean value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                value,
                pollingOnly,
                pollInterval,
                settle,
                logInterval,
                stateDir,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withPollingOnly(boolean value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                value,
                pollInterval,
                settle,
                logInterval,
                stateDir,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withPollInterval(Duration value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                value,
                settle,
                logInterval,
                stateDir,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withSettle(Duration value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                value,
                logInterval,
                stateDir,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withLogInterval(Duration value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                settle,
                value,
                stateDir,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withStateDir(Path value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                settle,
                logInterval,
                value,
                drainTimeout,
                steering,
                apiFlavour);
    }

    public AgentConfig withDrainTimeout(Duration value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                settle,
                logInterval,
                stateDir,
                value,
                steering,
                apiFlavour);
    }

    public AgentConfig withSteering(SteeringConfig value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                settle,
                logInterval,
                stateDir,
                drainTimeout,
                value,
                apiFlavour);
    }

    public AgentConfig withApiFlavour(ApiFlavour value) {
        return new AgentConfig(
                root,
                apiUrl,
                token,
                agentId,
                dryRun,
                pollingOnly,
                pollInterval,
                settle,
                logInterval,
                stateDir,
                drainTimeout,
                steering,
                value);
    }

    /** An existing session to join, or null to open one. */
    public String sessionId() {
        return steering.sessionId();
    }

    public Duration heartbeatInterval() {
        return steering.heartbeatInterval();
    }

    public Duration sseTimeout() {
        return steering.sseTimeout();
    }

    /** EPU's Athena Decision Service, or null. */
    public URI athenaUrl() {
        return steering.athenaUrl();
    }

    /** One line for the start-up log, the token masked. */
    public String describe() {
        return "watch " + root + (dryRun ? " (dry run)" : " -> " + apiUrl) + ", agent " + agentId + ", token "
                + (token == null ? "none" : "****") + ", " + (pollingOnly ? "polling only" : "events + rescans")
                + " every " + pollInterval.toMillis() + " ms, settle " + settle.toMillis() + " ms, state "
                + (dryRun ? "in memory" : stateDir.toString()) + (dryRun ? "" : "; steering: " + steering.describe());
    }
}
