package io.sightline.server.metrics;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sightline.server.events.Event;
import io.sightline.server.events.EventSink;
import io.sightline.server.events.OutboxPublisher;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.sse.SseHub;
import io.sightline.server.steering.AgentReport;
import io.sightline.server.steering.SteeringStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus metrics, served as text at {@code GET /metrics}.
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds{method,route,status}}: count and latency per route template
 *       (for example {@code /acquisitions/{uuid}}; {@code unmatched} for 404s, so paths never explode
 *       the label set);
 *   <li>{@code hikaricp_connections_*}: the database pool, once {@link #instrument} is called;
 *   <li>{@code sightline_sse_clients}, {@code sightline_sse_overflows_total},
 *       {@code sightline_sse_events_sent_total}: streams, once {@link #bindSseHub} is called;
 *   <li>{@code sightline_outbox_depth}, {@code sightline_outbox_published_total},
 *       {@code sightline_outbox_failures_total}: the outbox, once {@link #bindOutbox} is called;
 *   <li>{@code sightline_steering_connections_active}, {@code sightline_steering_sessions_active},
 *       {@code sightline_steering_instructions_pending}, {@code sightline_steering_instructions_sent}: the
 *       steering channel (the numbers of {@code GET /debug/connection-stats}, read from the database
 *       so that every server reports the same), once {@link #bindSteering} is called;
 *   <li>{@code sightline_agent_outbox_depth{agent_id}}, {@code sightline_agent_outbox_parked{agent_id}},
 *       {@code sightline_agent_outbox_oldest_undelivered_seconds{agent_id}} and
 *       {@code sightline_agent_report_age_seconds{agent_id}}: what each agent's heartbeat last said of its
 *       outbox, and how long ago (read from the database at each scrape), also with {@link #bindSteering};
 *   <li>{@code sightline_events_committed_total{type}}: committed events (this is an
 *       {@link EventSink}); events per second is {@code rate(sightline_events_committed_total[1m])};
 *   <li>JVM memory, GC, threads, CPU and uptime.
 * </ul>
 */
public final class ServerMetrics implements EventSink {

    public static final String PATH = "/metrics";

    private final PrometheusMeterRegistry registry;
    /** Brings gauges whose label sets change (one series per agent) up to date before a scrape. */
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    public ServerMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public ServerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        @SuppressWarnings("resource")
        JvmGcMetrics gc = new JvmGcMetrics(); // lives as long as the registry
        gc.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Adds {@code GET /metrics} and the request timer (as Javalin's HTTP request logger). If the
     * composition root has its own request logger, call {@link #requestLogger()} from it instead and
     * register only the route with {@link #registerRoute}.
     */
    /** Declares {@code /metrics} and has every finished request recorded. */
    public static void register(JavalinConfig config, Endpoints endpoints, ServerMetrics metrics) {
        registerRoute(endpoints, metrics);
        config.requestLogger.http(metrics.requestLogger());
    }

    public static void registerRoute(Endpoints endpoints, ServerMetrics metrics) {
        endpoints.get(
                PATH,
                Operation.of(
                                "Prometheus metrics",
                                "Prometheus text format: HTTP requests by route template and status, database pool,"
                                        + " SSE clients, outbox depth, committed events by type, JVM. Needs the viewer"
                                        + " role unless the server runs with metricsPublic (see docs/security.md).")
                        .answer(200, "Metrics", "text/plain", Schema.type("string"))
                        .problem(401, "Missing or invalid bearer token (problem+json)")
                        .problem(403, "The token's role is below viewer (problem+json)"),
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));
    }

    /** The registry as Prometheus text, gauges of changing label sets brought up to date first. */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        return registry.scrape();
    }

    /** Records every finished request: method, route template, status, duration. */
    public RequestLogger requestLogger() {
        return (ctx, millis) -> Timer.builder("http.server.requests")
                .description("HTTP requests by route template and status")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private static String route(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? "unmatched" : e.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    /** Call before the pool is built: the pool then reports {@code hikaricp_connections_*}. */
    public void instrument(HikariConfig config) {
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    /** For a pool that is already running. */
    public void instrument(HikariDataSource dataSource) {
        dataSource.setMetricRegistry(registry);
    }

    public void bindSseHub(SseHub hub) {
        Gauge.builder("sightline.sse.clients", hub, SseHub::clientCount)
                .description("connected SSE stream clients")
                .register(registry);
        FunctionCounter.builder("sightline.sse.overflows", hub, SseHub::overflowCount)
                .description("stream clients disconnected for being too slow")
                .register(registry);
        FunctionCounter.builder("sightline.sse.events.sent", hub, SseHub::sentCount)
                .description("events written to stream clients")
                .register(registry);
    }

    public void bindOutbox(OutboxPublisher publisher) {
        Gauge.builder("sightline.outbox.depth", publisher, OutboxPublisher::depth)
                .description("events waiting in the outbox for the bus")
                .register(registry);
        FunctionCounter.builder("sightline.outbox.published", publisher, OutboxPublisher::publishedCount)
                .description("events confirmed by the bus")
                .register(registry);
        FunctionCounter.builder("sightline.outbox.failures", publisher, OutboxPublisher::failureCount)
                .description("failed bus publish attempts")
                .register(registry);
    }

    public void bindSteering(SteeringStore store) {
        Gauge.builder(
                        "sightline.steering.connections.active",
                        store,
                        s -> s.stats().activeConnections())
                .description("open agent instruction streams (all servers)")
                .register(registry);
        Gauge.builder(
                        "sightline.steering.sessions.active",
                        store,
                        s -> s.stats().activeSessions())
                .description("active agent sessions")
                .register(registry);
        Gauge.builder(
                        "sightline.steering.instructions.pending",
                        store,
                        s -> s.stats().pendingInstructions())
                .description("instructions waiting to be sent")
                .register(registry);
        Gauge.builder(
                        "sightline.steering.instructions.sent",
                        store,
                        s -> s.stats().sentInstructions())
                .description("instructions sent and not yet acknowledged")
                .register(registry);
        bindAgentReports(store);
    }

    /** One series per agent that reported its outbox with a heartbeat. */
    private void bindAgentReports(SteeringStore store) {
        MultiGauge depth = MultiGauge.builder("sightline.agent.outbox.depth")
                .description("changes an agent has stored and not yet delivered, as its last heartbeat said")
                .register(registry);
        MultiGauge parked = MultiGauge.builder("sightline.agent.outbox.parked")
                .description("changes an agent set aside for good (refused, or poison items)")
                .register(registry);
        MultiGauge oldest = MultiGauge.builder("sightline.agent.outbox.oldest.undelivered")
                .description("age of an agent's oldest undelivered change (0 when none waits)")
                .baseUnit("seconds")
                .register(registry);
        MultiGauge age = MultiGauge.builder("sightline.agent.report.age")
                .description("time since an agent last reported its outbox")
                .baseUnit("seconds")
                .register(registry);
        beforeScrape.add(() -> {
            List<AgentReport> reports = store.reports();
            Instant now = store.now();
            depth.register(rows(reports, r -> r.outbox().depth()), true);
            parked.register(rows(reports, r -> r.outbox().parked()), true);
            oldest.register(
                    rows(reports, r -> Objects.requireNonNullElse(r.outbox().oldestUndeliveredSeconds(), 0.0)), true);
            age.register(
                    rows(reports, r -> Duration.between(r.reportedAt(), now).toMillis() / 1000.0), true);
        });
    }

    private static List<MultiGauge.Row<?>> rows(List<AgentReport> reports, ToDoubleFunction<AgentReport> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(reports.size());
        for (AgentReport r : reports) {
            rows.add(MultiGauge.Row.of(Tags.of("agent_id", r.agentId()), value.applyAsDouble(r)));
        }
        return rows;
    }

    @Override
    public void committed(List<Event> events) {
        for (Event e : events) {
            Counter.builder("sightline.events.committed")
                    .description("committed events by type")
                    .tag("type", e.type())
                    .register(registry)
                    .increment();
        }
    }
}
