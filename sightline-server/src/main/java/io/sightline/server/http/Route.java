package io.sightline.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.List;
import java.util.Objects;

/**
 * One route: method, path (parameters in braces), its OpenAPI description, its handler and the roles
 * access control reads from it (none: public).
 */
public record Route(HandlerType method, String path, Operation operation, Handler handler, List<RouteRole> roles) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(handler, "handler");
        roles = List.copyOf(roles);
    }

    /** "METHOD /path", as the route list and the coverage test name it. */
    public String key() {
        return method.name() + " " + path;
    }
}
