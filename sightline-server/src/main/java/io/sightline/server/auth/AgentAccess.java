package io.sightline.server.auth;

import java.util.Locale;
import java.util.Set;

/**
 * The rule for agent routes ({@link ActsForAgent}), as one pure function: admin acts for every agent; an
 * agent acts for the agent ids of its {@link AgentScope}, and an unbound token binds to the first one it
 * uses; no other role acts for agents.
 */
public final class AgentAccess {

    private AgentAccess() {}

    /** What to do with a request that acts for an agent. */
    public sealed interface Decision {
        /** Let it through. */
        record Allowed() implements Decision {}

        /** Bind the token to this agent id first (if no other request bound it meanwhile), then decide again. */
        record BindFirst(String tokenId) implements Decision {}

        /** Refuse with 403; the reason names the caller, its agent ids and the agent asked for. */
        record Refused(String reason) implements Decision {}
    }

    private static final Decision ALLOWED = new Decision.Allowed();

    public static Decision decide(Principal principal, String agentId) {
        if (principal.role() == Role.ADMIN) {
            return ALLOWED;
        }
        if (principal.role() != Role.AGENT) {
            return new Decision.Refused(principal.describe() + " has the role "
                    + principal.role().name().toLowerCase(Locale.ROOT) + ", which does not act for agents");
        }
        return switch (principal.agents()) {
            case AgentScope.AtFirstUse first -> new Decision.BindFirst(first.tokenId());
            case AgentScope.Named named when named.agentIds().contains(agentId) -> ALLOWED;
            case AgentScope.Named named -> new Decision.Refused(refusal(principal, named.agentIds(), agentId));
        };
    }

    private static String refusal(Principal principal, Set<String> own, String agentId) {
        if (own.isEmpty()) {
            return principal.describe() + " names no agent id, so it may not act for agent '" + agentId + "'"
                    + ("oidc".equals(principal.source())
                            ? " (the identity provider must list the user's agent ids in the JWT's agent claim)"
                            : "");
        }
        return principal.describe() + " acts for agent" + (own.size() == 1 ? " " : "s ") + String.join(", ", own)
                + " only, not for '" + agentId + "'";
    }
}
