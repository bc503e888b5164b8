package io.sightline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's small client of the Sightline (or SmartEM) backend, on {@link HttpClient}: a bearer token
 * when one is given, a connect and a request timeout, JSON through Jackson. Thread-safe.
 */
public final class BackendClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;

    /** An answer: status and body (parsed when it is JSON, else a missing node). */
    public record Answer(int status, String body, JsonNode json) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /**
     * @param base           e.g. {@code http://server:8000}; must be absolute http or https
     * @param token          bearer token, or null
     * @param requestTimeout per request; also the connect timeout
     */
    public BackendClient(URI base, String token, Duration requestTimeout) {
        this.base = validate(base);
        this.token = token == null || token.isBlank() ? null : token;
        this.requestTimeout = Objects.requireNonNull(requestTimeout);
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** Checks that a base URL is usable; the message says what is wrong. */
    public static URI validate(URI base) {
        if (base == null || base.getScheme() == null
                || !(base.getScheme().equalsIgnoreCase("http") || base.getScheme().equalsIgnoreCase("https"))
                || base.getHost() == null || base.getHost().isBlank()) {
            throw new IllegalArgumentException("the API URL must be an absolute http(s) URL with a host, got: " + base);
        }
        String s = base.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    public URI base() {
        return base;
    }

    /** {@code GET /status}. */
    public Answer status() throws IOException, InterruptedException {
        return send(request("/status").GET());
    }

    /** {@code POST /api/v1/ingest} with a ready body ({@code {"items": [...]}}) and its idempotency key. */
    public Answer ingest(String idempotencyKey, String body) throws IOException, InterruptedException {
        return send(request("/api/v1/ingest").header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST path} with a JSON body (SmartEM's per-entity create endpoints). */
    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code PUT path} with a JSON body (SmartEM's per-entity update endpoints). */
    public Answer put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        JsonNode json = MissingNode.getInstance();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (body != null && !body.isEmpty() && type.contains("json")) {
            try {
                json = MAPPER.readTree(body);
            } catch (IOException e) {
                json = MissingNode.getInstance();
            }
        }
        return new Answer(response.statusCode(), body, json);
    }
}
