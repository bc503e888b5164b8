package io.sightline.server.api;

import io.javalin.security.RouteRole;
import io.sightline.server.auth.Role;

/**
 * The least role a route needs, attached to the route so that an access-control before-handler can
 * read it with {@code ctx.routeRoles()}: reads need {@link Role#VIEWER}, writes {@link Role#AGENT}.
 * Routes without a role (health, status, version, docs) are public.
 */
public record ApiRole(Role role) implements RouteRole {
  public static final ApiRole READ = new ApiRole(Role.VIEWER);
  public static final ApiRole WRITE = new ApiRole(Role.AGENT);
}
