package io.sightline.server.auth;

import java.util.Objects;

/**
 * Who made a request, as established by {@link AccessControl}.
 *
 * @param name token name, OIDC subject, or {@code anonymous} on an open loopback server
 * @param role the highest role the caller holds
 * @param source {@code token}, {@code oidc} or {@code open}
 * @param agents the agents it acts for on agent routes (only the agent role is limited by it)
 */
public record Principal(String name, Role role, String source, AgentScope agents) {

    public static final Principal OPEN = new Principal("anonymous", Role.ADMIN, "open", AgentScope.NONE);

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(agents, "agents");
    }

    /** Whether this caller may do what {@code required} may: admin ⊃ agent, steering ⊃ viewer. */
    public boolean has(Role required) {
        return role.includes(required);
    }

    /** How a refusal names the caller: {@code token 'krios-1'}, {@code OIDC user 'alice'}. */
    public String describe() {
        return switch (source) {
            case "token" -> "token '" + name + "'";
            case "oidc" -> "OIDC user '" + name + "'";
            default -> name;
        };
    }
}
