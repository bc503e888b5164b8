package io.sightline.server;

import io.sightline.server.auth.OidcConfig;
import io.sightline.server.data.StorageSettings;
import io.sightline.server.events.ReplayWindow;
import io.sightline.server.steering.SteeringSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the server process is configured with. Built by the CLI from flags > environment > file
 * > {@link #defaults(Path)}; {@link #toString()} masks secrets so that it can be logged at start.
 *
 * @param bind address to listen on ({@code 127.0.0.1} by default)
 * @param port TCP port (8000 by default; 0 picks a free one)
 * @param dataDir where the embedded database and other local state live
 * @param jdbcUrl the database; by default an H2 file database under {@code dataDir}
 * @param dbUser database user (null for none)
 * @param dbPassword database password (null for none); masked in {@link #toString()}
 * @param amqpUri RabbitMQ URI, or null for the in-process bus; its password is masked in {@link #toString()}
 * @param maxBodyBytes largest request body accepted; larger ones get 413
 * @param shutdownGrace how long {@code close()} waits for requests in flight to finish
 * @param dbPoolSize maximum database connections
 * @param requireAuth never run open: even on loopback with no token, requests need credentials
 *     (false by default: a loopback server without tokens or OIDC is open, for the local demo)
 * @param metricsPublic whether {@code GET /metrics} needs no credentials (false by default: it needs
 *     the viewer role once authentication is on; a Prometheus scrape job sends a viewer token)
 * @param oidcIssuer the exact JWT {@code iss} to accept, or null for no OIDC (API tokens only)
 * @param oidcJwksUri the issuer's JWKS document; required with {@code oidcIssuer}
 * @param oidcAudience required in the JWT {@code aud}, or null to accept any audience
 * @param oidcRoleClaim dotted path of the claim with role names ({@code roles} by default)
 * @param oidcAgentClaim dotted path of the claim with the agent ids an OIDC agent acts for
 *     ({@code agent_ids} by default)
 * @param sseHeartbeat idle time after which a stream gets a heartbeat (15 s by default)
 * @param sseQueueSize live events buffered per stream client before it counts as too slow (10,000: an agent's ingest batch of 2,000 commits as one burst of events)
 * @param replayWindow how far back a reconnecting stream may resume (100,000 events, 24 h); at least
 *     {@value #REPLAY_PER_QUEUE} times {@code sseQueueSize} events and at least {@link #MIN_REPLAY_AGE}
 *     old, so that a client cut off for overflow can reconnect and resume exactly
 * @param steering the steering channel: connection-manager interval and timeouts, instruction-stream
 *     heartbeat ({@link SteeringSettings#DEFAULT})
 * @param retention how long idempotency keys and events are kept ({@link RetentionSettings#DEFAULT}:
 *     7 and 30 days); events at least as long as the replay window's age
 * @param storage storage roots and path maps for data objects, and the image renderer's pool and cache
 *     ({@link StorageSettings#DEFAULT}: no root)
 */
public record ServerConfig(
        String bind,
        int port,
        Path dataDir,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        String amqpUri,
        long maxBodyBytes,
        Duration shutdownGrace,
        int dbPoolSize,
        boolean requireAuth,
        boolean metricsPublic,
        String oidcIssuer,
        String oidcJwksUri,
        String oidcAudience,
        String oidcRoleClaim,
        String oidcAgentClaim,
        Duration sseHeartbeat,
        int sseQueueSize,
        ReplayWindow replayWindow,
        SteeringSettings steering,
        RetentionSettings retention,
        StorageSettings storage) {

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_BIND = "127.0.0.1";
    /** 16 MiB: room for ingest batches of several thousand entities. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;

    public static final Duration DEFAULT_SSE_HEARTBEAT = Duration.ofSeconds(15);
    public static final int DEFAULT_SSE_QUEUE_SIZE = 10_000;
    public static final String DEFAULT_OIDC_ROLE_CLAIM = "roles";
    /**
     * How many stream queues the replay window holds at least. A client cut off for overflow is at most
     * one queue behind when it is told; the second queue is the margin for what commits while it
     * reconnects, so that its {@code Last-Event-ID} is still inside the window.
     */
    public static final int REPLAY_PER_QUEUE = 2;
    /** The youngest replay window accepted: a reconnect takes seconds, a proxy's retry a minute or so. */
    public static final Duration MIN_REPLAY_AGE = Duration.ofMinutes(10);

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(sseHeartbeat, "sseHeartbeat");
        Objects.requireNonNull(replayWindow, "replayWindow");
        Objects.requireNonNull(steering, "steering");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(storage, "storage");
        if (retention.eventLog().compareTo(replayWindow.maxAge()) < 0) {
            throw new IllegalArgumentException("the event log retention (" + retention.eventLog()
                    + ") must be at least the replay window's age (" + replayWindow.maxAge() + ")");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        if (dbPoolSize <= 0) {
            throw new IllegalArgumentException("dbPoolSize must be positive, was " + dbPoolSize);
        }
        if (sseQueueSize <= 0) {
            throw new IllegalArgumentException("sseQueueSize must be positive, was " + sseQueueSize);
        }
        if (replayWindow.maxEvents() < (long) REPLAY_PER_QUEUE * sseQueueSize) {
            throw new IllegalArgumentException("the replay window (" + replayWindow.maxEvents()
                    + " events) must hold at least " + REPLAY_PER_QUEUE + " stream queues (" + REPLAY_PER_QUEUE
                    + " x " + sseQueueSize + " events), or a client cut off for falling behind could not resume"
                    + " without loss");
        }
        if (replayWindow.maxAge().compareTo(MIN_REPLAY_AGE) < 0) {
            throw new IllegalArgumentException("the replay window's age (" + replayWindow.maxAge()
                    + ") must be at least " + MIN_REPLAY_AGE + ", or a reconnecting client could not resume");
        }
        if (sseHeartbeat.isNegative() || sseHeartbeat.isZero()) {
            throw new IllegalArgumentException("sseHeartbeat must be positive, was " + sseHeartbeat);
        }
        oidcIssuer = blankToNull(oidcIssuer);
        oidcJwksUri = blankToNull(oidcJwksUri);
        oidcAudience = blankToNull(oidcAudience);
        oidcRoleClaim = blankToNull(oidcRoleClaim) == null ? DEFAULT_OIDC_ROLE_CLAIM : oidcRoleClaim;
        oidcAgentClaim = blankToNull(oidcAgentClaim) == null ? OidcConfig.DEFAULT_AGENT_CLAIM : oidcAgentClaim;
        if ((oidcIssuer == null) != (oidcJwksUri == null)) {
            throw new IllegalArgumentException("OIDC needs both an issuer and a JWKS URI (or neither)");
        }
    }

    /** The embedded defaults: loopback, port 8000, H2 under {@code dataDir}, in-process bus, no OIDC. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(
                DEFAULT_BIND,
                DEFAULT_PORT,
                dataDir,
                h2FileUrl(dataDir),
                null,
                null,
                null,
                DEFAULT_MAX_BODY_BYTES,
                Duration.ofSeconds(10),
                10,
                false,
                false,
                null,
                null,
                null,
                DEFAULT_OIDC_ROLE_CLAIM,
                OidcConfig.DEFAULT_AGENT_CLAIM,
                DEFAULT_SSE_HEARTBEAT,
                DEFAULT_SSE_QUEUE_SIZE,
                ReplayWindow.DEFAULT,
                SteeringSettings.DEFAULT,
                RetentionSettings.DEFAULT,
                StorageSettings.DEFAULT);
    }

    /** The H2 file database Sightline uses under a data directory (PostgreSQL compatibility mode). */
    public static String h2FileUrl(Path dataDir) {
        return "jdbc:h2:file:"
                + dataDir.toAbsolutePath().resolve("sightline").toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    public ServerConfig withBind(String value) {
        return edit(m -> m.bind = value);
    }

    public ServerConfig withPort(int value) {
        return edit(m -> m.port = value);
    }

    public ServerConfig withDataDir(Path value) {
        return edit(m -> m.dataDir = value);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return edit(m -> {
            m.jdbcUrl = url;
            m.dbUser = user;
            m.dbPassword = password;
        });
    }

    public ServerConfig withDbPoolSize(int value) {
        return edit(m -> m.dbPoolSize = value);
    }

    public ServerConfig withAmqpUri(String value) {
        return edit(m -> m.amqpUri = value);
    }

    public ServerConfig withMaxBodyBytes(long value) {
        return edit(m -> m.maxBodyBytes = value);
    }

    public ServerConfig withShutdownGrace(Duration value) {
        return edit(m -> m.shutdownGrace = value);
    }

    public ServerConfig withRequireAuth(boolean value) {
        return edit(m -> m.requireAuth = value);
    }

    public ServerConfig withMetricsPublic(boolean value) {
        return edit(m -> m.metricsPublic = value);
    }

    /** OIDC on ({@code issuer} and {@code jwksUri} non-null) or off (both null). */
    public ServerConfig withOidc(String issuer, String jwksUri, String audience, String roleClaim) {
        return edit(m -> {
            m.oidcIssuer = issuer;
            m.oidcJwksUri = jwksUri;
            m.oidcAudience = audience;
            m.oidcRoleClaim = roleClaim;
        });
    }

    /** The claim (dotted path) that lists the agent ids of an OIDC user with the agent role. */
    public ServerConfig withOidcAgentClaim(String claim) {
        return edit(m -> m.oidcAgentClaim = claim);
    }

    public ServerConfig withSseHeartbeat(Duration value) {
        return edit(m -> m.sseHeartbeat = value);
    }

    public ServerConfig withSseQueueSize(int value) {
        return edit(m -> m.sseQueueSize = value);
    }

    public ServerConfig withReplayWindow(ReplayWindow value) {
        return edit(m -> m.replayWindow = value);
    }

    /** The stream queue and the replay window together, checked together (each bounds the other). */
    public ServerConfig withStreams(int queueSize, ReplayWindow window) {
        return edit(m -> {
            m.sseQueueSize = queueSize;
            m.replayWindow = window;
        });
    }

    public ServerConfig withSteering(SteeringSettings value) {
        return edit(m -> m.steering = value);
    }

    public ServerConfig withRetention(RetentionSettings value) {
        return edit(m -> m.retention = value);
    }

    public ServerConfig withStorage(StorageSettings value) {
        return edit(m -> m.storage = value);
    }

    /**
     * Whether the server listens on loopback only (where running without tokens is allowed); the same
     * test the start-up security check applies.
     */
    public boolean isLoopback() {
        return io.sightline.server.auth.StartupSecurityCheck.isLoopback(bind);
    }

    /** Whether JWTs from an OIDC issuer are accepted. */
    public boolean oidcConfigured() {
        return oidcIssuer != null;
    }

    @Override
    public String toString() {
        return "ServerConfig[bind=" + bind + ", port=" + port + ", dataDir=" + dataDir + ", jdbcUrl=" + maskUrl(jdbcUrl)
                + ", dbUser=" + dbUser + ", dbPassword="
                + (dbPassword == null || dbPassword.isEmpty() ? "<none>" : "****")
                + ", amqpUri=" + (amqpUri == null ? "<in-process>" : maskUrl(amqpUri)) + ", maxBodyBytes="
                + maxBodyBytes
                + ", shutdownGrace=" + shutdownGrace + ", dbPoolSize=" + dbPoolSize + ", requireAuth=" + requireAuth
                + ", metricsPublic=" + metricsPublic
                + ", oidc="
                + (oidcIssuer == null
                        ? "<off>"
                        : "[issuer=" + maskUrl(oidcIssuer) + ", jwksUri=" + maskUrl(oidcJwksUri) + ", audience="
                                + oidcAudience + ", roleClaim=" + oidcRoleClaim + ", agentClaim=" + oidcAgentClaim
                                + "]")
                + ", sseHeartbeat=" + sseHeartbeat + ", sseQueueSize=" + sseQueueSize + ", replayWindow=" + replayWindow
                + ", steering=" + steering + ", retention=" + retention + ", storage=" + storage + "]";
    }

    /** Hides {@code user:password@} credentials and {@code password=} parameters in a URL. */
    static String maskUrl(String url) {
        return url.replaceAll("(?<=://)([^:/@]+):([^@/]*)@", "$1:****@").replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private ServerConfig edit(Consumer<Fields> change) {
        Fields m = new Fields(this);
        change.accept(m);
        return m.build();
    }

    /** A mutable copy, so that each {@code withX} names only what it changes. */
    private static final class Fields {
        String bind;
        int port;
        Path dataDir;
        String jdbcUrl;
        String dbUser;
        String dbPassword;
        String amqpUri;
        long maxBodyBytes;
        Duration shutdownGrace;
        int dbPoolSize;
        boolean requireAuth;
        boolean metricsPublic;
        String oidcIssuer;
        String oidcJwksUri;
        String oidcAudience;
        String oidcRoleClaim;
        String oidcAgentClaim;
        Duration sseHeartbeat;
        int sseQueueSize;
        ReplayWindow replayWindow;
        SteeringSettings steering;
        RetentionSettings retention;
        StorageSettings storage;

        Fields(ServerConfig c) {
            bind = c.bind;
            port = c.port;
            dataDir = c.dataDir;
            jdbcUrl = c.jdbcUrl;
            dbUser = c.dbUser;
            dbPassword = c.dbPassword;
            amqpUri = c.amqpUri;
            maxBodyBytes = c.maxBodyBytes;
            shutdownGrace = c.shutdownGrace;
            dbPoolSize = c.dbPoolSize;
            requireAuth = c.requireAuth;
            metricsPublic = c.metricsPublic;
            oidcIssuer = c.oidcIssuer;
            oidcJwksUri = c.oidcJwksUri;
            oidcAudience = c.oidcAudience;
            oidcRoleClaim = c.oidcRoleClaim;
            oidcAgentClaim = c.oidcAgentClaim;
            sseHeartbeat = c.sseHeartbeat;
            sseQueueSize = c.sseQueueSize;
            replayWindow = c.replayWindow;
            steering = c.steering;
            retention = c.retention;
            storage = c.storage;
        }

        ServerConfig build() {
            return new ServerConfig(
                    bind,
                    port,
                    dataDir,
                    jdbcUrl,
                    dbUser,
                    dbPassword,
                    amqpUri,
                    maxBodyBytes,
                    shutdownGrace,
                    dbPoolSize,
                    requireAuth,
                    metricsPublic,
                    oidcIssuer,
                    oidcJwksUri,
                    oidcAudience,
                    oidcRoleClaim,
                    oidcAgentClaim,
                    sseHeartbeat,
                    sseQueueSize,
                    replayWindow,
                    steering,
                    retention,
                    storage);
        }
    }
}
