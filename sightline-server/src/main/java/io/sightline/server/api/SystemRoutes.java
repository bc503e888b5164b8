package io.sightline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.Feature;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.OpenApiDocument;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code /status}, {@code /health}, {@code /version}, {@code /openapi.json} and {@code /docs}: public. */
public final class SystemRoutes implements ApiRoutes {
    private static final String SCHEMAS = "/io/sightline/server/api/openapi-schemas.json";
    private static final String DESCRIPTION =
            "Sightline serves the SmartEM Decisions backend API (same paths, field names and status codes) for acquisition data, plus POST /api/v1/ingest. Errors are application/problem+json. Differences from SmartEM: docs/compatibility.md. Authentication: Authorization: Bearer <API token or OIDC JWT>; roles viewer (read, stream), agent (write; on /agent/{agent_id}/... only for its own agent ids), steering (create and list instructions), admin (everything, tokens); /health, /status, /version, /openapi.json and /docs are public (docs/security.md).";
    private static final String DOCS = "/io/sightline/server/api/docs.html";

    /**
     * The event bus as {@code /health} and {@code /status} report it.
     *
     * @param kind {@code in-process} or {@code rabbitmq}
     * @param external whether events leave the process (SmartEM's {@code message_queue_publishing})
     * @param failing why the latest delivery to it failed, while no later one succeeded
     */
    public record Broker(String kind, boolean external, Supplier<Optional<String>> failing) {}

    private final Database database;
    private final ObjectMapper mapper;
    private final String version;
    private final Broker broker;
    private final Clock clock;
    private final JsonNode components;
    private final byte[] docs;

    private final java.util.Set<Feature> features;

    public SystemRoutes(Database database, ObjectMapper mapper, String version, Broker broker, Clock clock) {
        this(database, mapper, version, broker, clock, java.util.EnumSet.allOf(Feature.class));
    }

    /** @param features what {@code /status} says this server can do (data objects only with a storage root) */
    public SystemRoutes(
            Database database,
            ObjectMapper mapper,
            String version,
            Broker broker,
            Clock clock,
            java.util.Set<Feature> features) {
        this.features = java.util.Set.copyOf(features);
        this.database = database;
        this.mapper = mapper;
        this.version = version;
        this.broker = broker;
        this.clock = clock;
        this.components = OpenApiDocument.resource(mapper, SystemRoutes.class, SCHEMAS);
        this.docs = resource(DOCS);
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.get(
                "/status",
                Operation.of("Get Status", "Get API status and configuration information")
                        .ok(200, Schema.ref("Status")),
                this::status);
        endpoints.get(
                "/health",
                Operation.of("Get Health", "Health check endpoint with actual connectivity checks")
                        .ok(200, Schema.type("object"))
                        .answer(
                                503,
                                "Degraded: the database or the event broker fails",
                                "application/json",
                                Schema.type("object")),
                this::health);
        endpoints.get(
                "/version",
                Operation.of(
                                "Get Version",
                                "Machine-readable API version for client compatibility checks: small and stable;"
                                        + " /status carries the richer diagnostic payload.")
                        .ok(200, Schema.type("object")),
                ctx -> send(
                        ctx,
                        200,
                        mapper.createObjectNode()
                                .put("version", version)
                                .put("service", "sightline")
                                .put("api_version", "1")));
        // rendered when asked: every route is declared by then, including those declared after this one
        endpoints.get(
                "/openapi.json",
                Operation.of("This document", "Generated from the declared routes")
                        .answer(200, "OpenAPI 3.1 document", "application/json", null),
                ctx -> ctx.contentType("application/json")
                        .result(OpenApiDocument.render(mapper, info(), endpoints.routes(), components)
                                .toString()));
        endpoints.get(
                "/docs",
                Operation.of("API documentation page", "").answer(200, "HTML", "text/html", null),
                ctx -> ctx.contentType("text/html; charset=utf-8").result(docs));
    }

    private OpenApiDocument.Info info() {
        return new OpenApiDocument.Info("Sightline server API", "1", DESCRIPTION);
    }

    /**
     * What this server is and can do, in SmartEM's shape: {@code features} is an object of flags, and
     * agents look for Sightline's {@link Feature}s among them ({@code "ingest-v1": true}).
     */
    private void status(Context ctx) {
        ObjectNode status = mapper.createObjectNode()
                .put("status", "ok")
                .put("service", "sightline")
                .put("version", version)
                .put("timestamp", clock.instant().toString())
                .put("database", database.dialect().name().toLowerCase(Locale.ROOT));
        status.putObject("endpoints")
                .put("health", "/health")
                .put("status", "/status")
                .put("docs", "/docs")
                .put("openapi", "/openapi.json");
        ObjectNode features = status.putObject("features")
                .put("database_operations", true)
                .put("message_queue_publishing", broker.external())
                .put("direct_db_writes", true);
        for (Feature f : Feature.values()) {
            features.put(f.wireName(), this.features.contains(f));
        }
        send(ctx, 200, status);
    }

    /** SmartEM's shape: {@code ok} with 200 when the database and the event bus work, else {@code degraded} with 503. */
    private void health(Context ctx) {
        boolean databaseUp = database.isReachable();
        Optional<String> brokerProblem = broker.failing().get();
        boolean up = databaseUp && brokerProblem.isEmpty();
        ObjectNode health = mapper.createObjectNode()
                .put("status", up ? "ok" : "degraded")
                .put("timestamp", clock.instant().toString());
        ObjectNode services = health.putObject("services");
        services.putObject("database")
                .put("status", databaseUp ? "ok" : "error")
                .put(
                        "details",
                        databaseUp ? database.dialect().name().toLowerCase(Locale.ROOT) + " answers" : "unreachable");
        services.putObject("event_broker")
                .put("status", brokerProblem.isEmpty() ? "ok" : "error")
                .put("details", brokerProblem.orElse(broker.kind() + " accepts events"));
        services.putObject("log_aggregator")
                .put("status", "not_configured")
                .put("details", "Log aggregation service not configured");
        health.put("version", version);
        send(ctx, up ? 200 : 503, health);
    }

    private static void send(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private static byte[] resource(String path) {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
