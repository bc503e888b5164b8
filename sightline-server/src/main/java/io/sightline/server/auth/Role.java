package io.sightline.server.auth;

/**
 * What a caller may do. Admin may do everything; agent writes acquisition data and runs the agent side
 * of the steering channel; steering creates and lists instructions; viewer reads and streams. Agent
 * and steering are side by side, not above one another: {@link #includes} says who passes what.
 * The declaration order is used only to pick the strongest of several roles (OIDC claims).
 */
public enum Role {
    VIEWER,
    AGENT,
    STEERING,
    ADMIN;

    /** Whether a caller with this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return this == required || this == ADMIN || required == VIEWER;
    }
}
