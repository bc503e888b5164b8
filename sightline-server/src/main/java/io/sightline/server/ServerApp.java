package io.sightline.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.wire.Feature;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.server.api.AcquisitionRoutes;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.AtlasRoutes;
import io.sightline.server.api.AtlasTileRoutes;
import io.sightline.server.api.FoilHoleRoutes;
import io.sightline.server.api.GridRoutes;
import io.sightline.server.api.GridSquareRoutes;
import io.sightline.server.api.IngestRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.api.MicrographRoutes;
import io.sightline.server.api.Resources;
import io.sightline.server.api.SystemRoutes;
import io.sightline.server.auth.AccessControl;
import io.sightline.server.auth.OidcConfig;
import io.sightline.server.auth.OidcVerifier;
import io.sightline.server.auth.StartupSecurityCheck;
import io.sightline.server.auth.TokenRoutes;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.data.DataObjectJson;
import io.sightline.server.data.DataObjectRoutes;
import io.sightline.server.data.DataObjectStore;
import io.sightline.server.data.DataObjects;
import io.sightline.server.data.ImageRenders;
import io.sightline.server.data.ImageRoutes;
import io.sightline.server.data.RenderCache;
import io.sightline.server.data.StorageRoots;
import io.sightline.server.events.AmqpEventBus;
import io.sightline.server.events.EventBus;
import io.sightline.server.events.EventLog;
import io.sightline.server.events.EventSink;
import io.sightline.server.events.EventSinks;
import io.sightline.server.events.InProcessEventBus;
import io.sightline.server.events.OutboxPublisher;
import io.sightline.server.fastmon.FastmonRoutes;
import io.sightline.server.fastmon.FastmonStore;
import io.sightline.server.fastmon.SwfRelay;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Problems;
import io.sightline.server.metrics.ServerMetrics;
import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.EntityJson;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.IngestLog;
import io.sightline.server.persistence.WriteTransactions;
import io.sightline.server.pipeline.AttachmentRoutes;
import io.sightline.server.pipeline.PipelineRoutes;
import io.sightline.server.pipeline.PipelineSettings;
import io.sightline.server.pipeline.Pipelines;
import io.sightline.server.pipeline.ProjectRoots;
import io.sightline.server.pipeline.PublishedPipelineEvents;
import io.sightline.server.pipeline.results.MicrographCtfRoutes;
import io.sightline.server.pipeline.results.MicrographCtfTable;
import io.sightline.server.pipeline.results.ResultsHarvester;
import io.sightline.server.predict.PredictionRoutes;
import io.sightline.server.predict.PredictionStore;
import io.sightline.server.sse.SseHub;
import io.sightline.server.steering.AgentRoutes;
import io.sightline.server.steering.ConnectionManager;
import io.sightline.server.steering.InProcessSignal;
import io.sightline.server.steering.InstructionEvents;
import io.sightline.server.steering.InstructionStreams;
import io.sightline.server.steering.PostgresSignal;
import io.sightline.server.steering.SteeringBodies;
import io.sightline.server.steering.SteeringRoutes;
import io.sightline.server.steering.SteeringSignal;
import io.sightline.server.steering.SteeringStore;
import io.sightline.server.web.WebAuth;
import io.sightline.server.web.WebRoutes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the server process: every server object is built and wired here, by plain
 * constructors, in the order a reader follows a request (database → stores → delivery → routes → HTTP).
 *
 * <pre>{@code
 * try (ServerApp.Running server = ServerApp.builder(config).build().start()) {
 *   server.port();
 * }
 * }</pre>
 * From the {@link ServerConfig} alone it builds: the database pool (with Prometheus pool metrics), the
 * API token store, the start-up security check (a server bound beyond loopback without tokens or OIDC
 * refuses to start), access control (the data API's {@code ApiRole} READ/WRITE → viewer/agent, admin
 * for {@code /api/v1/tokens} and {@code /debug}, public health/status/version/openapi.json/docs,
 * {@code /metrics} public only with {@link ServerConfig#metricsPublic()}), the event bus (RabbitMQ when
 * {@code amqpUri} is set, else in-process), the outbox publisher, the SSE hub
 * ({@value SseHub#STREAM_PATH} and {@value SseHub#FRONTEND_STREAM_PATH}), the token routes and
 * {@code /metrics}. Every commit tells the hub, the outbox publisher and the metrics. The steering
 * channel (docs/steering.md): its store, the per-session instruction streams, the signal between
 * servers (PostgreSQL LISTEN/NOTIFY, or in-process on H2), the connection manager and its routes.
 *
 * <p>Seams, for tests and embedding: {@link Builder#database(Database)} (an already-open database the
 * caller closes), {@link Builder#eventSink(EventSink)} (also told after each commit),
 * {@link Builder#accessControl(Handler)} (replaces the built-in check), {@link Builder#sseOptions},
 * {@link Builder#routes(ApiRoutes)} and {@link Builder#configure(Consumer)}.
 *
 * <p>{@link Running#close()} shuts down in order: streams get their final {@code shutdown} event, new
 * requests get 503 while those in flight finish, HTTP stops, the outbox publisher stops, the bus
 * closes, the pool closes.
 */
public final class ServerApp {
    private static final Logger log = LoggerFactory.getLogger(ServerApp.class);

    private final ServerConfig config;
    private final Database givenDatabase;
    private final EventSink extraSink;
    private final Handler accessControl;
    private final SseHub.Options sseOptions;
    private final List<ApiRoutes> extraRoutes;
    private final PipelineSettings pipelineSettings;
    private final List<Consumer<JavalinConfig>> configurers;
    private final Clock clock;
    private final String version;
    private final SwfRelay.Settings swfRelay;

    private ServerApp(Builder b) {
        this.swfRelay = b.swfRelay;
        this.config = b.config;
        this.givenDatabase = b.database;
        this.extraSink = b.sink;
        this.accessControl = b.accessControl;
        this.sseOptions = b.sseOptions;
        this.extraRoutes = List.copyOf(b.extraRoutes);
        this.pipelineSettings = b.pipelineSettings;
        this.configurers = List.copyOf(b.configurers);
        this.clock = b.clock;
        this.version = b.version;
    }

    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    /** The JSON mapper the server uses (JSR-310 times as ISO strings). */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Opens the configured database and runs the migrations. */
    public static Database openDatabase(ServerConfig config) {
        return openDatabase(config, pool -> {});
    }

    /** Opens the configured database, letting {@code pool} adjust Hikari first (e.g. pool metrics). */
    public static Database openDatabase(ServerConfig config, Consumer<com.zaxxer.hikari.HikariConfig> pool) {
        return Database.open(config.jdbcUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize(), pool);
    }

    /**
     * Builds everything and starts listening; the answer knows its port and shuts down on close.
     *
     * @throws StartupSecurityCheck.InsecureStartupException when bound beyond loopback without an active
     *     API token or OIDC
     */
    public Running start() {
        log.info("starting Sightline server {} with {}", version, config);
        ServerMetrics metrics = new ServerMetrics();
        Database database;
        if (givenDatabase != null) {
            database = givenDatabase;
            if (database.dataSource() instanceof HikariDataSource hikari) {
                try {
                    metrics.instrument(hikari);
                } catch (IllegalStateException e) {
                    log.info("pool metrics not available for the given database: {}", e.getMessage());
                }
            }
        } else {
            database = openDatabase(config, metrics::instrument);
        }
        Delivery delivery = null;
        Pipelines pipelines = null;
        try {
            pipelines =
                    new Pipelines(database, pipelineSettings, projectRoots(), storageRoots(), objectMapper(), clock);
            delivery = new Delivery(database, metrics, pipelines.trigger());
            return start(database, givenDatabase == null, delivery, pipelines);
        } catch (RuntimeException e) {
            if (delivery != null) {
                delivery.close();
            }
            if (pipelines != null) {
                pipelines.close();
            }
            if (givenDatabase == null) {
                database.close();
            }
            throw e;
        }
    }

    /** Tokens, access control, bus, outbox, streams, steering and metrics, built from the configuration. */
    private final class Delivery {
        final ServerMetrics metrics;
        final TokenStore tokens;
        final AccessControl access;
        final EventBus bus;
        final OutboxPublisher outbox;
        final EventLog eventLog;
        final SseHub hub;
        final EventSink sink;
        final WriteTransactions transactions;
        final SteeringStore steering;
        final InstructionStreams instructionStreams;
        final SteeringSignal signal;
        final ConnectionManager connectionManager;

        Delivery(Database database, ServerMetrics metrics, EventSink pipelineTrigger) {
            this.metrics = metrics;
            this.tokens = new TokenStore(database.dataSource(), clock);
            OidcVerifier oidc = config.oidcConfigured()
                    ? new OidcVerifier(OidcConfig.of(
                            config.oidcIssuer(),
                            URI.create(config.oidcJwksUri()),
                            config.oidcAudience(),
                            config.oidcRoleClaim(),
                            config.oidcAgentClaim()))
                    : null;
            StartupSecurityCheck.check(config.bind(), tokens.hasActiveTokens(), oidc != null);
            boolean openAllowed = config.isLoopback() && !config.requireAuth();
            if (config.requireAuth() && oidc == null && !tokens.hasActiveTokens()) {
                log.warn(
                        "requireAuth is set but there is no active API token and no OIDC: only public routes will answer;"
                                + " create one with `sightline token create --role admin --name NAME`");
            }
            this.access = new AccessControl(
                    tokens,
                    oidc,
                    new AccessControl.Options(
                            openAllowed, config.metricsPublic(), AccessControl.DEFAULT_ADMIN_PREFIXES));
            if (access.open()) {
                log.warn("no API token and no OIDC: the server is open to anyone on this host (loopback only);"
                        + " it needs tokens as soon as one is created");
            }
            this.bus = config.amqpUri() == null
                    ? new InProcessEventBus()
                    : new AmqpEventBus(AmqpEventBus.Options.defaults(config.amqpUri()));
            this.outbox = new OutboxPublisher(database.dataSource(), bus, OutboxPublisher.Options.DEFAULT);
            SseHub.Options streamOptions = sseOptions != null
                    ? sseOptions
                    : new SseHub.Options(
                            config.sseQueueSize(),
                            config.sseHeartbeat(),
                            SseHub.Options.DEFAULT.replayPageSize(),
                            SseHub.Options.DEFAULT.overflowGrace());
            this.eventLog = new EventLog(database.dataSource(), config.replayWindow(), clock);
            this.hub = new SseHub(eventLog, streamOptions);
            metrics.bindSseHub(hub);
            metrics.bindOutbox(outbox);
            this.sink = extraSink == null
                    ? EventSinks.of(hub, outbox, metrics, pipelineTrigger)
                    : EventSinks.of(hub, outbox, metrics, pipelineTrigger, extraSink);
            this.transactions = new WriteTransactions(database, sink, clock);
            this.steering = new SteeringStore(
                    database.dataSource(), clock, new InstructionEvents(transactions, objectMapper()));
            this.instructionStreams = new InstructionStreams(
                    steering, objectMapper(), config.steering().streamHeartbeat());
            this.signal = database.dialect() == Database.Dialect.POSTGRESQL
                    ? new PostgresSignal(
                            database.dataSource(),
                            listenTarget(database),
                            instructionStreams::wake,
                            instructionStreams::wakeAll)
                    : new InProcessSignal(instructionStreams::wake);
            this.connectionManager = new ConnectionManager(steering, signal, config.steering());
            metrics.bindSteering(steering);
        }

        /** Where the LISTEN connection goes: the pool's own URL and user (a given database may differ from the config). */
        private PostgresSignal.Target listenTarget(Database database) {
            if (database.dataSource() instanceof HikariDataSource hikari) {
                return new PostgresSignal.Target(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            }
            return new PostgresSignal.Target(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        }

        /** Stops what was started, in order; each step runs even if an earlier one failed. */
        void close() {
            quietly("SSE hub", hub::close);
            quietly("instruction streams", instructionStreams::close);
            quietly("connection manager", connectionManager::close);
            quietly("steering signal", signal::close);
            quietly("outbox publisher", outbox::close);
            quietly("event bus", bus::close);
        }
    }

    private static void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("closing the {} failed", what, e);
        }
    }

    private Running start(Database database, boolean ownsDatabase, Delivery delivery, Pipelines pipelines) {
        ObjectMapper mapper = objectMapper();
        EntityJson entityJson = new EntityJson(mapper);
        WriteTransactions transactions = delivery.transactions;
        EntityStore entities = new EntityStore(database, transactions, entityJson);
        IngestLog ingestLog = new IngestLog(transactions);
        JsonBodies bodies = new JsonBodies(mapper);
        Resources resources = new Resources(entities, bodies, entityJson);
        AtlasRoutes atlases = new AtlasRoutes(resources);
        DataObjects dataObjects = new DataObjects(
                new DataObjectStore(database, transactions, new DataObjectJson(mapper)),
                new DataObjectJson(mapper),
                new StorageRoots(config.storage().roots(), config.storage().pathMaps()),
                ImageFormats.standard());
        ImageRenders images = new ImageRenders(
                dataObjects,
                ImageFormats.standard(),
                new RenderCache(
                        config.dataDir().resolve("render-cache"),
                        config.storage().renderCacheBytes()),
                config.storage(),
                delivery.metrics.registry());
        FastmonStore fastmon = new FastmonStore(database, transactions, mapper, clock);
        PredictionStore predictions = new PredictionStore(database, transactions, entities, mapper);
        List<ApiRoutes> routes = new ArrayList<>(List.of(
                new SystemRoutes(
                        database,
                        mapper,
                        version,
                        new SystemRoutes.Broker(
                                config.amqpUri() == null ? "in-process" : "rabbitmq",
                                config.amqpUri() != null,
                                delivery.outbox::failing),
                        clock,
                        config.storage().roots().isEmpty()
                                ? java.util.EnumSet.complementOf(java.util.EnumSet.of(Feature.DATA_OBJECTS_V1))
                                : java.util.EnumSet.allOf(Feature.class)),
                new AcquisitionRoutes(resources),
                new GridRoutes(resources, atlases),
                atlases,
                new AtlasTileRoutes(resources),
                new GridSquareRoutes(resources),
                new FoilHoleRoutes(resources),
                new MicrographRoutes(resources),
                new IngestRoutes(entities, ingestLog, bodies),
                new SteeringRoutes(
                        delivery.steering,
                        delivery.instructionStreams,
                        delivery.signal,
                        new SteeringBodies(mapper),
                        mapper),
                new AgentRoutes(delivery.steering, mapper),
                new DataObjectRoutes(dataObjects, bodies),
                new ImageRoutes(dataObjects, images),
                new FastmonRoutes(fastmon, bodies, delivery.hub),
                new PredictionRoutes(predictions, resources),
                new WebRoutes(
                        entities,
                        delivery.steering,
                        config.steering(),
                        dataObjects.store(),
                        predictions,
                        fastmon,
                        delivery.signal,
                        new SteeringBodies(mapper),
                        delivery.hub,
                        new WebAuth(delivery.access),
                        mapper)));
        routes.add(new PipelineRoutes(pipelines, bodies));
        routes.add(new AttachmentRoutes(pipelines, bodies));
        routes.add(new MicrographCtfRoutes(new MicrographCtfTable(database), entities, mapper));
        routes.addAll(extraRoutes);
        Endpoints endpoints = new Endpoints();
        routes.forEach(r -> r.register(endpoints));
        SseHub.register(endpoints, delivery.hub);
        TokenRoutes.register(endpoints, delivery.tokens);
        InFlight inFlight = new InFlight();
        List<String> registered = new CopyOnWriteArrayList<>();

        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.jetty.host = config.bind();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(
                    server -> server.setStopTimeout(config.shutdownGrace().toMillis()));
            cfg.jsonMapper(new JavalinJackson(mapper, true));
            cfg.events.handlerAdded(meta ->
                    registered.add(meta.getHttpMethod().name().toUpperCase(Locale.ROOT) + " " + meta.getPath()));
            Problems.register(cfg);
            cfg.routes.before(ctx -> {
                if (ctx.req().getContentLengthLong() > config.maxBodyBytes()) {
                    throw ApiException.tooLarge(config.maxBodyBytes());
                }
            });
            // Counted around the servlet call itself, so that every answer (refusals by access control and
            // error pages included) leaves the count; a stream counts only until it has gone async.
            cfg.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(new InFlightFilter(inFlight)),
                    "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            cfg.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new org.eclipse.jetty.ee10.servlet.FilterHolder(new UnreadBodyFilter()),
                    "/*",
                    java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST)));
            if (accessControl != null) {
                cfg.routes.beforeMatched(accessControl);
            } else {
                AccessControl.register(
                        cfg, delivery.access); // first matched handler: later ones see an allowed request
            }
            ServerMetrics.register(cfg, endpoints, delivery.metrics);
            endpoints.registerWith(cfg.routes);
            configurers.forEach(c -> c.accept(cfg));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            images.close();
            dataObjects.close();
            throw e;
        }
        dataObjects.start();
        pipelines.start(
                new ResultsHarvester(JobTypes.standard(), database, entities, transactions, dataObjects, mapper),
                new PublishedPipelineEvents(transactions, pipelines.attachments(), mapper));
        delivery.outbox.start();
        delivery.connectionManager.start();
        SwfRelay relay = null;
        if (swfRelay != null) {
            relay = new SwfRelay(swfRelay, fastmon, mapper);
            try {
                relay.start();
            } catch (RuntimeException e) {
                app.stop();
                images.close();
                dataObjects.close();
                throw e;
            }
        }
        Housekeeping housekeeping = new Housekeeping(ingestLog, delivery.eventLog, config.retention(), clock);
        housekeeping.start();
        log.info(
                "Sightline server listening on {}:{} (event bus: {})",
                config.bind(),
                app.port(),
                config.amqpUri() == null ? "in-process" : AmqpEventBus.masked(config.amqpUri()));
        return new Running(
                app,
                database,
                ownsDatabase,
                entities,
                List.copyOf(registered),
                inFlight,
                config.shutdownGrace(),
                delivery,
                housekeeping,
                dataObjects,
                images,
                relay,
                pipelines);
    }

    /** How attached pipelines find a micrograph's file: the storage roots and path maps, when there are roots. */
    private StorageRoots storageRoots() {
        return config.storage().roots().isEmpty()
                ? null
                : new StorageRoots(config.storage().roots(), config.storage().pathMaps());
    }

    /** Where pipeline projects may live: as configured, else the storage roots, else the data directory's. */
    private ProjectRoots projectRoots() {
        if (!pipelineSettings.projectRoots().isEmpty()) {
            return new ProjectRoots(pipelineSettings.projectRoots());
        }
        if (!config.storage().roots().isEmpty()) {
            return new ProjectRoots(config.storage().roots());
        }
        return new ProjectRoots(List.of(config.dataDir().resolve("pipelines")));
    }

    /** Lets requests in only while the server is not draining, and counts them while they run. */
    private static final class InFlightFilter implements jakarta.servlet.Filter {
        private final InFlight inFlight;

        InFlightFilter(InFlight inFlight) {
            this.inFlight = inFlight;
        }

        @Override
        public void doFilter(
                jakarta.servlet.ServletRequest request,
                jakarta.servlet.ServletResponse response,
                jakarta.servlet.FilterChain chain)
                throws java.io.IOException, jakarta.servlet.ServletException {
            if (!inFlight.enter()) {
                var http = (jakarta.servlet.http.HttpServletResponse) response;
                String path = request instanceof jakarta.servlet.http.HttpServletRequest r ? r.getRequestURI() : "";
                http.setStatus(503);
                http.setContentType(Problems.CONTENT_TYPE);
                http.getWriter().write(Problems.body(503, "the server is shutting down", path));
                return;
            }
            try {
                chain.doFilter(request, response);
            } finally {
                inFlight.leave();
            }
        }
    }

    /** Counts requests in progress so that shutdown can wait for them. */
    private static final class InFlight {
        private int count;
        private boolean draining;

        synchronized boolean enter() {
            if (draining) {
                return false;
            }
            count++;
            return true;
        }

        synchronized void leave() {
            count--;
            notifyAll();
        }

        /** Stops accepting and waits until nothing is in flight or the grace period is over. */
        synchronized boolean drain(Duration grace) throws InterruptedException {
            draining = true;
            long deadline = System.nanoTime() + grace.toNanos();
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** A started server. */
    public static final class Running implements AutoCloseable {
        private final Javalin app;
        private final Database database;
        private final boolean ownsDatabase;
        private final EntityStore entities;
        private final List<String> routes;
        private final InFlight inFlight;
        private final Duration grace;
        private final Delivery delivery;
        private final Housekeeping housekeeping;
        private final DataObjects dataObjects;
        private final ImageRenders images;
        private final SwfRelay relay;
        private final Pipelines pipelines;
        private boolean closed;

        private Running(
                Javalin app,
                Database database,
                boolean ownsDatabase,
                EntityStore entities,
                List<String> routes,
                InFlight inFlight,
                Duration grace,
                Delivery delivery,
                Housekeeping housekeeping,
                DataObjects dataObjects,
                ImageRenders images,
                SwfRelay relay,
                Pipelines pipelines) {
            this.pipelines = pipelines;
            this.dataObjects = dataObjects;
            this.images = images;
            this.relay = relay;
            this.delivery = delivery;
            this.housekeeping = housekeeping;
            this.app = app;
            this.database = database;
            this.ownsDatabase = ownsDatabase;
            this.entities = entities;
            this.routes = routes;
            this.inFlight = inFlight;
            this.grace = grace;
        }

        public int port() {
            return app.port();
        }

        public Database database() {
            return database;
        }

        public EntityStore entities() {
            return entities;
        }

        /** The API token store (the same table the CLI's {@code token create} writes). */
        public TokenStore tokens() {
            return delivery.tokens;
        }

        public AccessControl accessControl() {
            return delivery.access;
        }

        /** The bus the outbox publishes to: an {@link InProcessEventBus}, or AMQP when configured. */
        public EventBus eventBus() {
            return delivery.bus;
        }

        public OutboxPublisher outbox() {
            return delivery.outbox;
        }

        public SseHub sseHub() {
            return delivery.hub;
        }

        public ServerMetrics metrics() {
            return delivery.metrics;
        }

        public SteeringStore steering() {
            return delivery.steering;
        }

        /** Runs every check interval; {@link ConnectionManager#runOnce()} runs it now. */
        /** The retention clean-up; tests run a pass with {@link Housekeeping#runOnce()}. */
        Housekeeping housekeeping() {
            return housekeeping;
        }

        /** Data objects: their store, storage roots and checksum verifier. */
        public DataObjects dataObjects() {
            return dataObjects;
        }

        /** Images of data objects: the render pool and its cache. */
        public ImageRenders images() {
            return images;
        }

        /** Processing pipelines: runs, scheduler, templates, project roots. */
        public Pipelines pipelines() {
            return pipelines;
        }

        public ConnectionManager connectionManager() {
            return delivery.connectionManager;
        }

        public InstructionStreams instructionStreams() {
            return delivery.instructionStreams;
        }

        public SteeringSignal steeringSignal() {
            return delivery.signal;
        }

        /** Every registered route as "METHOD /path" (path parameters in braces), in registration order. */
        public List<String> routes() {
            return routes;
        }

        /**
         * Graceful shutdown: streams get their final {@code shutdown} event and end; new requests get 503
         * and requests in flight may finish within the grace period; then the HTTP server stops, the
         * outbox publisher stops (undelivered rows wait for the next start), the bus closes and the
         * database closes (if the server opened it).
         */
        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (relay != null) {
                quietly("swf relay", relay::close);
            }
            quietly("housekeeping", housekeeping::close);
            quietly("pipeline scheduler", pipelines::close);
            quietly("SSE hub", delivery.hub::close);
            quietly("instruction streams", delivery.instructionStreams::close);
            quietly("connection manager", delivery.connectionManager::close);
            try {
                if (!inFlight.drain(grace)) {
                    log.warn("requests still in flight after {}; stopping anyway", grace);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            quietly("HTTP server", app::stop);
            quietly("image renders", images::close);
            quietly("data objects", dataObjects::close);
            quietly("steering signal", delivery.signal::close);
            quietly("outbox publisher", delivery.outbox::close);
            quietly("event bus", delivery.bus::close);
            if (ownsDatabase) {
                quietly("database", database::close);
            }
            log.info("Sightline server stopped");
        }
    }

    /** Collects the seams; everything has a working default. */
    public static final class Builder {
        private final ServerConfig config;
        private Database database;
        private EventSink sink;
        private Handler accessControl;
        private SseHub.Options sseOptions;
        private final List<ApiRoutes> extraRoutes = new ArrayList<>();
        private final List<Consumer<JavalinConfig>> configurers = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private String version = defaultVersion();
        private SwfRelay.Settings swfRelay;
        private PipelineSettings pipelineSettings = PipelineSettings.defaults();

        private Builder(ServerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Use this (already migrated) database instead of opening the configured one; the caller closes it. */
        public Builder database(Database value) {
            this.database = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Also told about events after each commit, in id order, after the SSE hub, the outbox publisher
         * and the metrics (default: nobody else).
         */
        public Builder eventSink(EventSink value) {
            this.sink = Objects.requireNonNull(value);
            return this;
        }

        /** Stream options instead of those derived from the configuration (queue size, heartbeat). */
        public Builder sseOptions(SseHub.Options value) {
            this.sseOptions = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Replaces the built-in {@link AccessControl} (tokens, OIDC, route roles): runs before every
         * matched route (Javalin {@code beforeMatched}); throw an exception mapped to 401/403 to refuse.
         * {@code ctx.routeRoles()} holds the route's {@link io.sightline.server.api.ApiRole}, empty for
         * public routes.
         */
        public Builder accessControl(Handler value) {
            this.accessControl = Objects.requireNonNull(value);
            return this;
        }

        /** More routes (SSE streams, metrics, dashboard), registered after the data API. */
        public Builder routes(ApiRoutes value) {
            this.extraRoutes.add(Objects.requireNonNull(value));
            return this;
        }

        /** Direct access to Javalin's configuration, applied last (plugins, request loggers, ...). */
        public Builder configure(Consumer<JavalinConfig> value) {
            this.configurers.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        public Builder version(String value) {
            this.version = Objects.requireNonNull(value);
            return this;
        }

        /** Relay the swf bus (RabbitMQ {@code amq.topic}, {@code epictopic}) to the message stream. */
        public Builder swfRelay(SwfRelay.Settings value) {
            this.swfRelay = Objects.requireNonNull(value);
            return this;
        }

        /** How pipelines run (executor, programs, project roots); default: local processes. */
        public Builder pipelines(PipelineSettings value) {
            this.pipelineSettings = Objects.requireNonNull(value);
            return this;
        }

        public ServerApp build() {
            return new ServerApp(this);
        }

        private static String defaultVersion() {
            String v = ServerApp.class.getPackage().getImplementationVersion();
            return v == null ? "0.1.0-SNAPSHOT" : v;
        }
    }
}
