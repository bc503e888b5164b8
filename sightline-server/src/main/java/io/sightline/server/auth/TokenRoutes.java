package io.sightline.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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

    private TokenRoutes() {}

    public static void register(JavalinConfig config, TokenStore tokens) {
        config.routes.get(PATH, ctx -> {
            var arr = JSON.createArrayNode();
            tokens.list().forEach(t -> arr.add(info(t)));
            json(ctx, 200, arr.toString());
        });
        config.routes.post(PATH, ctx -> create(ctx, tokens));
        config.routes.delete(PATH + "/{name}", ctx -> {
            if (tokens.revoke(ctx.pathParam("name"))) {
                ctx.status(204);
            } else {
                problem(ctx, 404, "Not Found", "no active token named " + ctx.pathParam("name"));
            }
        });
    }

    /** The role names the API accepts, in {@link Role}'s order: {@code viewer, agent, steering, admin}. */
    static List<String> roleNames() {
        return Arrays.stream(Role.values())
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static void create(Context ctx, TokenStore tokens) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (IOException e) {
            problem(
                    ctx,
                    400,
                    "Bad Request",
                    "body must be JSON: {\"name\": ..., \"role\": \"" + String.join("|", roleNames())
                            + "\", \"agent_ids\": [...]}");
            return;
        }
        String name = body == null ? null : body.path("name").asText(null);
        String roleName = body == null ? null : body.path("role").asText(null);
        Role role;
        try {
            role = Role.valueOf(roleName == null ? "" : roleName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(ctx, 422, "Unprocessable Content", "role must be one of " + String.join(", ", roleNames()));
            return;
        }
        if (name == null || name.isBlank()) {
            problem(ctx, 422, "Unprocessable Content", "name is required");
            return;
        }
        JsonNode agentIds = body.path("agent_ids");
        List<String> agents = new ArrayList<>();
        if (agentIds.isArray()) {
            agentIds.forEach(id -> agents.add(id.isTextual() ? id.textValue() : null));
        }
        if (!(agentIds.isArray() || agentIds.isMissingNode() || agentIds.isNull()) || agents.contains(null)) {
            problem(ctx, 422, "Unprocessable Content", "agent_ids must be a list of agent id strings");
            return;
        }
        try {
            TokenStore.CreatedToken created = tokens.create(name, role, agents);
            ObjectNode out = info(created.info());
            out.put("token", created.secret());
            json(ctx, 201, out.toString());
        } catch (TokenStore.TokenNameTakenException e) {
            problem(ctx, 409, "Conflict", e.getMessage());
        } catch (IllegalArgumentException e) {
            problem(ctx, 422, "Unprocessable Content", e.getMessage());
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

    private static void problem(Context ctx, int status, String title, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "about:blank");
        n.put("title", title);
        n.put("status", status);
        n.put("detail", detail);
        ctx.status(status).contentType("application/problem+json").result(n.toString());
    }
}
