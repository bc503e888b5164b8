package io.sightline.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The agent's calls to a Sightline (or swf-monitor) server's fast-monitoring REST API. */
public final class SwfClient {
    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper mapper;

    /** An answer: the status and the body (JSON, or the text of a non-JSON answer). */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** A refusal that a retry cannot change (a client error other than timeout / too many requests). */
        public boolean permanentFailure() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }

    public SwfClient(URI apiUrl, String token, ObjectMapper mapper) {
        String s = apiUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI base() {
        return base;
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(base.getPath() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Token " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** Registers one STF's samples ({@code POST /api/fastmon-files/bulk/}). */
    public Answer registerBulk(String json) throws IOException, InterruptedException {
        return post("/api/fastmon-files/bulk/", json);
    }

    public Answer heartbeat(String json) throws IOException, InterruptedException {
        return post("/api/systemagents/heartbeat/", json);
    }

    /** A fresh agent number from the server's counter. */
    public long nextAgentId() throws IOException, InterruptedException {
        Answer a = post("/api/state/next-agent-id/", "{}");
        if (!a.ok()) {
            throw new IOException("next-agent-id answered " + a.status() + ": " + a.body());
        }
        JsonNode n = mapper.readTree(a.body());
        return n.path("agent_id").asLong();
    }
}
