package io.sightline.server.auth;

import java.util.Objects;

/**
 * Who made a request, as established by {@link AccessControl}.
 *
 * @param name token name, OIDC subject, or {@code anonymous} on an open loopback server
 * @param role the highest role the caller holds
 * @param source {@code token}, {@code oidc} or {@code open}
 */
public record Principal(String name, Role role, String source) {

    public static final Principal OPEN = new Principal("anonymous", Role.ADMIN, "open");

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(source, "source");
    }

    /** Whether this caller may do what {@code required} may: admin ⊃ agent, steering ⊃ viewer. */
    public boolean has(Role required) {
        return role.includes(required);
    }
}
