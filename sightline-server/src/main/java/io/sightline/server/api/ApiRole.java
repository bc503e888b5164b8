package io.sightline.server.api;

import io.sightline.server.auth.Role;
import io.sightline.server.auth.RoleRequirement;

/**
 * The least role a route needs, attached to the route so that an access-control before-handler can
 * read it with {@code ctx.routeRoles()}: reads need {@link Role#VIEWER}, writes {@link Role#AGENT},
 * creating and listing steering instructions {@link Role#STEERING}.
 * Routes without a role (health, status, version, docs) are public.
 */
public record ApiRole(Role role) implements RoleRequirement {
    public static final ApiRole READ = new ApiRole(Role.VIEWER);
    public static final ApiRole WRITE = new ApiRole(Role.AGENT);
    public static final ApiRole STEER = new ApiRole(Role.STEERING);
}
