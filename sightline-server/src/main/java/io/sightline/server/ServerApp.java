package io.sightline.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import io.sightline.server.api.AcquisitionRoutes;
import io.sightline.server.api.ApiException;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.AtlasRoutes;
import io.sightline.server.api.AtlasTileRoutes;
import io.sightline.server.api.FoilHoleRoutes;
import io.sightline.server.api.GridRoutes;
import io.sightline.server.api.GridSquareRoutes;
import io.sightline.server.api.IngestRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.api.MicrographRoutes;
import io.sightline.server.api.Problems;
import io.sightline.server.api.Resources;
import io.sightline.server.api.SystemRoutes;
import io.sightline.server.events.EventSink;
import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.EntityJson;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.IngestLog;
import io.sightline.server.persistence.WriteTransactions;
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
 * constructors, in the order a reader follows a request (database → stores → routes → HTTP).
 *
 * <pre>{@code
 * try (ServerApp.Running server = ServerApp.builder(config)
 *     .eventSink(hub)                 // SSE hub + outbox publisher, told after each commit
 *     .accessControl(auth::check)     // before every matched route; ctx.routeRoles() holds ApiRole
 *     .routes(events::register)       // more routes: SSE streams, /metrics, ...
 *     .configure(metrics::install)    // anything else on Javalin's config
 *     .build().start()) {
 *   server.port();
 * }
 * }</pre>
 * Seams for the parts built elsewhere: {@link Builder#database(Database)} (open it first when the
 * event sink needs it, e.g. for replay), {@link Builder#eventSink(EventSink)},
 * {@link Builder#accessControl(Handler)}, {@link Builder#routes(ApiRoutes)} and
 * {@link Builder#configure(Consumer)}.
 */
public final class ServerApp {
  private static final Logger log = LoggerFactory.getLogger(ServerApp.class);
  private static final String COUNTED = "sightline.inflight";

  private final ServerConfig config;
  private final Database givenDatabase;
  private final EventSink sink;
  private final Handler accessControl;
  private final List<ApiRoutes> extraRoutes;
  private final List<Consumer<JavalinConfig>> configurers;
  private final Clock clock;
  private final String version;

  private ServerApp(Builder b) {
    this.config = b.config;
    this.givenDatabase = b.database;
    this.sink = b.sink;
    this.accessControl = b.accessControl;
    this.extraRoutes = List.copyOf(b.extraRoutes);
    this.configurers = List.copyOf(b.configurers);
    this.clock = b.clock;
    this.version = b.version;
  }

  public static Builder builder(ServerConfig config) {
    return new Builder(config);
  }

  /** The JSON mapper the server uses (JSR-310 times as ISO strings). */
  public static ObjectMapper objectMapper() {
    return new ObjectMapper().registerModule(new JavaTimeModule())
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

  /** Builds everything and starts listening; the answer knows its port and shuts down on close. */
  public Running start() {
    log.info("starting Sightline server {} with {}", version, config);
    Database database = givenDatabase != null ? givenDatabase : openDatabase(config);
    try {
      return start(database, givenDatabase == null);
    } catch (RuntimeException e) {
      if (givenDatabase == null) {
        database.close();
      }
      throw e;
    }
  }

  private Running start(Database database, boolean ownsDatabase) {
    ObjectMapper mapper = objectMapper();
    EntityJson entityJson = new EntityJson(mapper);
    WriteTransactions transactions = new WriteTransactions(database, sink, clock);
    EntityStore entities = new EntityStore(database, transactions, entityJson);
    IngestLog ingestLog = new IngestLog(transactions);
    JsonBodies bodies = new JsonBodies(mapper);
    Resources resources = new Resources(entities, bodies, entityJson);
    AtlasRoutes atlases = new AtlasRoutes(resources);
    List<ApiRoutes> routes = new ArrayList<>(List.of(
        new SystemRoutes(database, mapper, version),
        new AcquisitionRoutes(resources),
        new GridRoutes(resources, atlases),
        atlases,
        new AtlasTileRoutes(resources),
        new GridSquareRoutes(resources),
        new FoilHoleRoutes(resources),
        new MicrographRoutes(resources),
        new IngestRoutes(entities, ingestLog, bodies)));
    routes.addAll(extraRoutes);
    Problems problems = new Problems(mapper);
    InFlight inFlight = new InFlight();
    List<String> registered = new CopyOnWriteArrayList<>();

    Javalin app = Javalin.create(cfg -> {
      cfg.concurrency.useVirtualThreads = true;
      cfg.http.maxRequestSize = config.maxBodyBytes();
      cfg.jetty.host = config.bind();
      cfg.jetty.port = config.port();
      cfg.jetty.modifyServer(server -> server.setStopTimeout(config.shutdownGrace().toMillis()));
      cfg.jsonMapper(new JavalinJackson(mapper, true));
      cfg.events.handlerAdded(meta -> registered.add(
          meta.getHttpMethod().name().toUpperCase(Locale.ROOT) + " " + meta.getPath()));
      problems.register(cfg.routes);
      cfg.routes.before(ctx -> {
        if (ctx.req().getContentLengthLong() > config.maxBodyBytes()) {
          throw ApiException.tooLarge(config.maxBodyBytes());
        }
        String accept = ctx.header("Accept");
        boolean stream = accept != null && accept.contains("text/event-stream");
        if (!stream) {
          if (!inFlight.enter()) {
            throw ApiException.unavailable("the server is shutting down");
          }
          ctx.attribute(COUNTED, Boolean.TRUE);
        }
      });
      cfg.routes.after(ctx -> {
        if (ctx.attribute(COUNTED) != null) {
          ctx.attribute(COUNTED, null);
          inFlight.leave();
        }
      });
      if (accessControl != null) {
        cfg.routes.beforeMatched(accessControl);
      }
      routes.forEach(r -> r.register(cfg.routes));
      configurers.forEach(c -> c.accept(cfg));
    });
    app.start();
    log.info("Sightline server listening on {}:{}", config.bind(), app.port());
    return new Running(app, database, ownsDatabase, entities, List.copyOf(registered), inFlight,
        config.shutdownGrace());
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
    private boolean closed;

    private Running(Javalin app, Database database, boolean ownsDatabase, EntityStore entities, List<String> routes,
        InFlight inFlight, Duration grace) {
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

    /** Every registered route as "METHOD /path" (path parameters in braces), in registration order. */
    public List<String> routes() {
      return routes;
    }

    /**
     * Graceful shutdown: new requests get 503, requests in flight may finish within the grace period,
     * then the HTTP server stops and the database closes (if the server opened it).
     */
    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (!inFlight.drain(grace)) {
          log.warn("requests still in flight after {}; stopping anyway", grace);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      app.stop();
      if (ownsDatabase) {
        database.close();
      }
      log.info("Sightline server stopped");
    }
  }

  /** Collects the seams; everything has a working default. */
  public static final class Builder {
    private final ServerConfig config;
    private Database database;
    private EventSink sink = events -> {};
    private Handler accessControl;
    private final List<ApiRoutes> extraRoutes = new ArrayList<>();
    private final List<Consumer<JavalinConfig>> configurers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String version = defaultVersion();

    private Builder(ServerConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Use this (already migrated) database instead of opening the configured one; the caller closes it. */
    public Builder database(Database value) {
      this.database = Objects.requireNonNull(value);
      return this;
    }

    /** Told about events after each commit, in id order (default: nobody). */
    public Builder eventSink(EventSink value) {
      this.sink = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Runs before every matched route (Javalin {@code beforeMatched}); throw an exception mapped to
     * 401/403 to refuse. {@code ctx.routeRoles()} holds the route's {@link io.sightline.server.api.ApiRole},
     * empty for public routes.
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

    public ServerApp build() {
      return new ServerApp(this);
    }

    private static String defaultVersion() {
      String v = ServerApp.class.getPackage().getImplementationVersion();
      return v == null ? "0.1.0-SNAPSHOT" : v;
    }
  }
}
