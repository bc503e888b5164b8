package io.sightline.agent.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.agent.client.BackendClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The few calls the agent makes to EPU's Athena Decision Service
 * ({@code ../shared/contracts/athena-decision-service-openapi.json}): register a session, register or
 * update areas, post decisions. Transport is {@link BackendClient} (JDK HTTP client, JSON, bearer token)
 * pointed at the Athena base URL. Thread-safe.
 */
public final class AthenaClient {
    private final BackendClient http;

    public AthenaClient(URI base, String token, Duration requestTimeout) {
        this.http = new BackendClient(base, token, requestTimeout);
    }

    public URI base() {
        return http.base();
    }

    /**
     * {@code POST /api/v1/Session}. A 409 (already registered, e.g. after an agent restart) counts as
     * success: the session exists either way.
     */
    public void registerSession(UUID sessionId, String sessionName, Instant timestamp) throws AthenaException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("sessionId", sessionId.toString());
        body.put("sessionName", sessionName);
        body.put("timestamp", timestamp.toString());
        BackendClient.Answer a =
                call("register session " + sessionId, () -> http.postJson("/api/v1/Session", body.toString()));
        if (!a.ok() && a.status() != 409) {
            throw refused("register session " + sessionId, a);
        }
    }

    /**
     * {@code PUT /api/v1/Areas}: registers the areas, or updates those already registered. The PUT
     * (rather than POST, which answers 409 for a known area) makes registration safe to repeat.
     */
    public void registerAreas(List<Area> areas) throws AthenaException {
        if (areas.isEmpty()) {
            return;
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        areas.forEach(area -> body.add(area.toJson()));
        String what = "register " + areas.size() + " areas";
        BackendClient.Answer a = call(what, () -> http.putJson("/api/v1/Areas", body.toString()));
        if (!a.ok()) {
            throw refused(what, a);
        }
    }

    /** {@code POST /api/v1/Decisions}: the decisions of one instruction in one request. */
    public void postDecisions(List<Decision> decisions) throws AthenaException {
        if (decisions.isEmpty()) {
            return;
        }
        ArrayNode body = JsonNodeFactory.instance.arrayNode();
        decisions.forEach(d -> body.add(d.toJson()));
        String what = "post " + decisions.size() + " "
                + decisions.get(0).decisionType().wireName() + " decisions";
        BackendClient.Answer a = call(what, () -> http.postJson("/api/v1/Decisions", body.toString()));
        if (!a.ok()) {
            throw refused(what, a);
        }
    }

    private interface Call {
        BackendClient.Answer run() throws IOException, InterruptedException;
    }

    private BackendClient.Answer call(String what, Call call) throws AthenaException {
        try {
            return call.run();
        } catch (IOException e) {
            throw new AthenaException("Athena at " + http.base() + " unreachable (" + what + "): " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AthenaException("interrupted (" + what + ")", 0, e);
        }
    }

    /** "Athena refused <what>: 404 Not Found: session ... is not registered". */
    private AthenaException refused(String what, BackendClient.Answer a) {
        JsonNode json = a.json();
        String problem;
        if (json.isObject() && (json.hasNonNull("title") || json.hasNonNull("detail"))) {
            problem = json.path("title").asText("")
                    + (json.hasNonNull("detail") ? ": " + json.get("detail").asText() : "");
        } else {
            String body = a.body() == null ? "" : a.body().strip();
            problem = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
        return new AthenaException("Athena refused to " + what + ": " + a.status() + " " + problem, a.status(), null);
    }
}
