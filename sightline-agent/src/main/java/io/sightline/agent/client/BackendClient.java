package io.sightline.agent.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

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
        if (base == null
                || base.getScheme() == null
                || !(base.getScheme().equalsIgnoreCase("http")
                        || base.getScheme().equalsIgnoreCase("https"))
                || base.getHost() == null
                || base.getHost().isBlank()) {
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
        return send(request("/api/v1/ingest")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST path} with a JSON body (also used for services other than the backend, e.g. Athena). */
    public Answer postJson(String path, String body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code PUT path} with a JSON body. */
    public Answer putJson(String path, String body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code GET path}. */
    public Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    // ---- the steering channel (docs/steering.md) ----

    /** {@code POST /agent/{agent_id}/sessions}: opens a session; 201 carries {@code session_id}. */
    public Answer openSession(String agentId, String body) throws IOException, InterruptedException {
        return postJson("/agent/" + segment(agentId) + "/sessions", body);
    }

    /** {@code POST .../instructions/{instruction_id}/ack} with an {@code AgentInstructionAcknowledgement}. */
    public Answer acknowledge(String agentId, String sessionId, String instructionId, String body)
            throws IOException, InterruptedException {
        return postJson(sessionPath(agentId, sessionId) + "/instructions/" + segment(instructionId) + "/ack", body);
    }

    /**
     * {@code POST .../heartbeat} with the agent's figures as a JSON body (SmartEM's endpoint takes no
     * body and ignores one; Sightline keeps the figures, docs/steering.md).
     */
    public Answer heartbeat(String agentId, String sessionId, String body) throws IOException, InterruptedException {
        return postJson(sessionPath(agentId, sessionId) + "/heartbeat", body);
    }

    /** {@code POST .../logs} with an {@code AgentLogBatchRequest}. */
    public Answer logs(String agentId, String sessionId, String body) throws IOException, InterruptedException {
        return postJson(sessionPath(agentId, sessionId) + "/logs", body);
    }

    /**
     * Opens {@code GET .../instructions/stream} as Server-Sent Events: no request timeout (the caller
     * watches for silence), HTTP/1.1 (no h2c upgrade on a long-lived stream), {@code Last-Event-ID} when given.
     */
    public CompletableFuture<HttpResponse<Void>> openInstructionStream(
            String agentId, String sessionId, String lastEventId, HttpResponse.BodyHandler<Void> handler) {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(base + sessionPath(agentId, sessionId) + "/instructions/stream"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null && !lastEventId.isEmpty()) {
            b.header("Last-Event-ID", lastEventId);
        }
        return http.sendAsync(b.build(), handler);
    }

    private static String sessionPath(String agentId, String sessionId) {
        return "/agent/" + segment(agentId) + "/session/" + segment(sessionId);
    }

    /** One path segment, percent-encoded (agent ids are operator-chosen names). */
    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(requestTimeout)
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
