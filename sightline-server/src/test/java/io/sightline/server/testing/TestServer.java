package io.sightline.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.sightline.server.ServerApp;
import io.sightline.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real Sightline server, wired by {@link ServerApp} exactly as in production (access control, SSE
 * hub, outbox publisher, metrics, token routes), on a free loopback port over a fresh test database,
 * with a {@link RecordingEventSink} also told about every commit, and a small HTTP client. Close it to stop the server and drop the database.
 */
public final class TestServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestDatabase database;
    private final RecordingEventSink events = new RecordingEventSink();
    private final ServerApp.Running running;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Path dataDir;
    private final boolean ownsDatabase;

    private TestServer(
            TestDatabase database,
            UnaryOperator<ServerConfig> config,
            UnaryOperator<ServerApp.Builder> builder,
            boolean ownsDatabase) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        try {
            this.dataDir = Files.createTempDirectory("sightline-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig base = ServerConfig.defaults(dataDir)
                .withPort(0)
                .withDatabase(database.jdbcUrl(), database.user(), database.password());
        this.running = builder.apply(ServerApp.builder(config.apply(base)).eventSink(events))
                .build()
                .start();
    }

    /** A server on a fresh in-memory H2 database. */
    public static TestServer start() {
        return start(TestDatabase.h2());
    }

    public static TestServer start(TestDatabase database) {
        return new TestServer(database, c -> c, b -> b, true);
    }

    /** A server with adjusted configuration and seams. */
    public static TestServer start(
            TestDatabase database, UnaryOperator<ServerConfig> config, UnaryOperator<ServerApp.Builder> builder) {
        return new TestServer(database, config, builder, true);
    }

    /**
     * A server with its own pool (and, on PostgreSQL, its own LISTEN connection) on a database that
     * outlives it: closing the server leaves the database to the caller, so that a second server (or
     * the same one restarted) can use it.
     */
    public static TestServer startSharing(
            TestDatabase database, UnaryOperator<ServerConfig> config, UnaryOperator<ServerApp.Builder> builder) {
        database.open(); // keeps an in-memory H2 database alive between servers
        return new TestServer(database, config, builder, false);
    }

    public RecordingEventSink events() {
        return events;
    }

    public ServerApp.Running running() {
        return running;
    }

    public int port() {
        return running.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + running.port() + path);
    }

    /** An answer: status, headers and the body (parsed as JSON when it is JSON). */
    public record Response(int status, String contentType, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            if (body == null || body.isEmpty()) {
                return MissingNode.getInstance();
            }
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path, Object body) {
        return post(path, toJson(body));
    }

    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /** GET with {@code Authorization: Bearer <token>} (no header when {@code token} is null). */
    public Response getAs(String token, String path) {
        return send(bearer(HttpRequest.newBuilder(uri(path)).GET(), token));
    }

    public Response postAs(String token, String path, Object body) {
        return send(bearer(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(toJson(body))),
                token));
    }

    public Response putAs(String token, String path, Object body) {
        return send(bearer(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))),
                token));
    }

    public Response deleteAs(String token, String path) {
        return send(bearer(HttpRequest.newBuilder(uri(path)).DELETE(), token));
    }

    private static HttpRequest.Builder bearer(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String toJson(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            running.close();
        } finally {
            if (ownsDatabase) {
                database.close();
            }
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory left behind is harmless
            }
        }
    }
}
