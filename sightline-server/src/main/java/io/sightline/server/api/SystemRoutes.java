package io.sightline.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.core.wire.Feature;
import io.sightline.server.persistence.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/** {@code /status}, {@code /health}, {@code /version}, {@code /openapi.json} and {@code /docs}: public. */
public final class SystemRoutes implements ApiRoutes {
    private static final String SPEC = "/io/sightline/server/api/openapi.json";
    private static final String DOCS = "/io/sightline/server/api/docs.html";

    private final Database database;
    private final ObjectMapper mapper;
    private final String version;
    private final byte[] spec;
    private final byte[] docs;

    public SystemRoutes(Database database, ObjectMapper mapper, String version) {
        this.database = database;
        this.mapper = mapper;
        this.version = version;
        this.spec = resource(SPEC);
        this.docs = resource(DOCS);
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/status", this::status);
        routes.get("/health", this::health);
        routes.get(
                "/version",
                ctx -> send(
                        ctx,
                        200,
                        mapper.createObjectNode()
                                .put("version", version)
                                .put("service", "sightline")
                                .put("api_version", "1")));
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(spec));
        routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docs));
    }

    /** What this server is and can do; agents look for {@link Feature}s in {@code features}. */
    private void status(Context ctx) {
        ObjectNode status = mapper.createObjectNode()
                .put("status", "ok")
                .put("service", "sightline")
                .put("version", version)
                .put("database", database.dialect().name().toLowerCase(Locale.ROOT));
        status.putArray("features").add(Feature.INGEST_V1.wireName());
        send(ctx, 200, status);
    }

    /** 200 when the database answers, 503 when it does not. */
    private void health(Context ctx) {
        boolean up = database.isReachable();
        send(
                ctx,
                up ? 200 : 503,
                mapper.createObjectNode()
                        .put("status", up ? "healthy" : "unhealthy")
                        .put("database", up ? "ok" : "unreachable"));
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
