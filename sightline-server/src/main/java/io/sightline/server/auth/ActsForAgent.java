package io.sightline.server.auth;

import io.javalin.security.RouteRole;
import java.util.Objects;

/**
 * Marks a route that acts for the agent named by one of its path parameters (the agent's own steering
 * routes). {@link AccessControl} lets a caller with the agent role through only when it acts for that
 * agent ({@link AgentAccess}); register it beside the route's {@link RoleRequirement}.
 *
 * @param pathParameter the path parameter holding the agent id, e.g. {@code agent_id}
 */
public record ActsForAgent(String pathParameter) implements RouteRole {

    /** The agent named by {@code {agent_id}}, as in {@code /agent/{agent_id}/sessions}. */
    public static final ActsForAgent AGENT_ID = new ActsForAgent("agent_id");

    public ActsForAgent {
        Objects.requireNonNull(pathParameter, "pathParameter");
    }
}
