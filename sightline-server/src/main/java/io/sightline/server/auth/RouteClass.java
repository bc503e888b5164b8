package io.sightline.server.auth;

/** What a request does, which decides the role it needs. */
public enum RouteClass {
    /** Health, status, version, the API description and (by default) metrics: no credentials. */
    PUBLIC(null),
    /** Reading data and streams (GET, HEAD): viewer, agent or admin. */
    READ(Role.VIEWER),
    /** Writing acquisition data (POST, PUT, PATCH, DELETE): agent or admin. */
    WRITE(Role.AGENT),
    /** Tokens, debug and admin endpoints, any method: admin. */
    ADMIN(Role.ADMIN);

    private final Role required;

    RouteClass(Role required) {
        this.required = required;
    }

    /** The lowest role allowed; null for {@link #PUBLIC}. */
    public Role required() {
        return required;
    }
}
