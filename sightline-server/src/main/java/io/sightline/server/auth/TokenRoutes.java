package io.sightline.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.SessionField;
import io.sightline.core.wire.WireType;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.JsonRequest;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Admin endpoints for API tokens (admin role, see {@link AccessControl}):
 * {@code GET /api/v1/tokens} lists them, {@code POST /api/v1/tokens} with {@code {"name","role"}} (and
 * for an agent token {@code "agent_ids"}, the agents it acts for) creates one and answers 201 with the
 * secret (shown only here), {@code DELETE /api/v1/tokens/{name}} revokes one (204, or 404 when there is
 * no active token of that name).
 */
public final class TokenRoutes {

    public static final String PATH = "/api/v1/tokens";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader READER = JsonRequest.reader(JSON);

    private TokenRoutes() {}

    public static void register(Endpoints endpoints, TokenStore tokens) {
        endpoints.get(
                PATH,
                Operation.of("List API tokens", "Every API token (never its secret). Admin role.")
                        .answer(200, "Tokens", "application/json", Schema.listOf(tokenSchema()))
                        .problem(401, UNAUTHORIZED)
                        .problem(403, FORBIDDEN),
                ctx -> {
                    var arr = JSON.createArrayNode();
                    tokens.list().forEach(t -> arr.add(info(t)));
                    json(ctx, 200, arr.toString());
                });
        endpoints.post(
                PATH,
                Operation.of(
                                "Create an API token",
                                "Creates a token and answers its secret (field token), shown only here. Admin role.")
                        .body(createSchema())
                        .answer(201, "Created; the body holds the secret", "application/json", createdSchema())
                        .problem(400, "Body is not JSON")
                        .problem(401, UNAUTHORIZED)
                        .problem(403, FORBIDDEN)
                        .problem(409, "A token of that name exists")
                        .problem(413, "Body too large")
                        .problem(415, "Body is not application/json")
                        .problem(422, "Missing or invalid fields"),
                ctx -> create(ctx, tokens));
        endpoints.delete(
                PATH + "/{name}",
                Operation.of("Revoke an API token", "Admin role.")
                        .answer(204, "Revoked")
                        .problem(401, UNAUTHORIZED)
                        .problem(403, FORBIDDEN)
                        .problem(404, "No active token of that name"),
                ctx -> {
                    if (!tokens.revoke(ctx.pathParam("name"))) {
                        throw ApiException.notFound("no active token named " + ctx.pathParam("name"));
                    }
                    ctx.status(204);
                });
    }

    private static final String UNAUTHORIZED = "Missing or invalid bearer token (problem+json)";
    private static final String FORBIDDEN = "The token's role is below admin (problem+json)";
    private static final String AGENT_IDS = "The agent ids an agent token acts for on the agent routes (sessions,"
            + " instruction stream, acks, heartbeats, logs); agent role only. An agent token created without any"
            + " binds to the first agent id it uses.";

    /** The shapes of a token, with the role names taken from {@link Role}. */
    private static Map<String, Object> roleSchema() {
        return Map.of("type", "string", "enum", roleNames());
    }

    private static Map<String, Object> agentIdsSchema() {
        int maxLength = ((WireType.Text) SessionField.AGENT_ID.spec().type()).maxLength();
        return Map.of(
                "type",
                "array",
                "items",
                Map.of("type", "string", "minLength", 1, "maxLength", maxLength),
                "description",
                AGENT_IDS);
    }

    private static Map<String, Object> tokenProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("id", Map.of("type", "string"));
        properties.put("name", Map.of("type", "string"));
        properties.put("role", roleSchema());
        properties.put("created_at", Map.of("type", "string", "format", "date-time"));
        properties.put("revoked_at", Map.of("type", List.of("string", "null"), "format", "date-time"));
        properties.put("agent_ids", agentIdsSchema());
        return properties;
    }

    private static Schema tokenSchema() {
        return new Schema(Map.of("type", "object", "properties", tokenProperties()));
    }

    private static Schema createSchema() {
        return new Schema(Map.of(
                "type",
                "object",
                "required",
                List.of("name", "role"),
                "properties",
                Map.of("name", Map.of("type", "string"), "role", roleSchema(), "agent_ids", agentIdsSchema())));
    }

    private static Schema createdSchema() {
        return new Schema(Map.of(
                "allOf",
                List.of(
                        tokenSchema().json(),
                        Map.of("type", "object", "properties", Map.of("token", Map.of("type", "string"))))));
    }

    /** The role names the API accepts, in {@link Role}'s order: {@code viewer, agent, steering, admin}. */
    static List<String> roleNames() {
        return Arrays.stream(Role.values())
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static void create(Context ctx, TokenStore tokens) {
        JsonNode body = JsonRequest.read(ctx, READER);
        String name = body == null ? null : body.path("name").asText(null);
        String roleName = body == null ? null : body.path("role").asText(null);
        Role role;
        try {
            role = Role.valueOf(roleName == null ? "" : roleName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable("role must be one of " + String.join(", ", roleNames()));
        }
        if (name == null || name.isBlank()) {
            throw ApiException.unprocessable("name is required");
        }
        JsonNode agentIds = body.path("agent_ids");
        List<String> agents = new ArrayList<>();
        if (agentIds.isArray()) {
            agentIds.forEach(id -> agents.add(id.isTextual() ? id.textValue() : null));
        }
        if (!(agentIds.isArray() || agentIds.isMissingNode() || agentIds.isNull()) || agents.contains(null)) {
            throw ApiException.unprocessable("agent_ids must be a list of agent id strings");
        }
        try {
            TokenStore.CreatedToken created = tokens.create(name, role, agents);
            ObjectNode out = info(created.info());
            out.put("token", created.secret());
            json(ctx, 201, out.toString());
        } catch (TokenStore.TokenNameTakenException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
    }

    private static ObjectNode info(TokenStore.TokenInfo t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", t.id());
        n.put("name", t.name());
        n.put("role", t.role().name().toLowerCase(Locale.ROOT));
        n.put("created_at", t.createdAt().toString());
        n.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
        t.agentIds().forEach(n.putArray("agent_ids")::add);
        return n;
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType("application/json").result(body);
    }
}
