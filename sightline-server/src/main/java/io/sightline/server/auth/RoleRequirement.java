package io.sightline.server.auth;

import io.javalin.security.RouteRole;

/**
 * A route role that names the least {@link Role} a route needs. Routes registered with one (for example
 * the data API's {@code ApiRole.READ}/{@code ApiRole.WRITE}) are checked against it by
 * {@link AccessControl} instead of the method-based default; admin path prefixes still win.
 */
public interface RoleRequirement extends RouteRole {
    Role role();
}
