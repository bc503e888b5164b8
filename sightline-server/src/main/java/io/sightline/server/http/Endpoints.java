package io.sightline.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every route of the server with its description: route classes declare into it, the server registers
 * from it and {@code /openapi.json} is generated from it, so a route cannot exist without its
 * description and nothing is described that is not routed.
 *
 * <pre>{@code
 * endpoints.get("/grids/{grid_uuid}", Operation.of("Get Grid", "...").ok(200, Schema.ref("GridResponse")),
 *         ctx -> ..., ApiRole.READ);
 * }</pre>
 */
public final class Endpoints {
    private final List<Route> routes = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();

    public Endpoints add(Route route) {
        if (!keys.add(route.key())) {
            throw new IllegalArgumentException("route declared twice: " + route.key());
        }
        routes.add(route);
        return this;
    }

    public Endpoints get(String path, Operation operation, Handler handler, RouteRole... roles) {
        return add(new Route(HandlerType.GET, path, operation, handler, List.of(roles)));
    }

    public Endpoints post(String path, Operation operation, Handler handler, RouteRole... roles) {
        return add(new Route(HandlerType.POST, path, operation, handler, List.of(roles)));
    }

    public Endpoints put(String path, Operation operation, Handler handler, RouteRole... roles) {
        return add(new Route(HandlerType.PUT, path, operation, handler, List.of(roles)));
    }

    public Endpoints delete(String path, Operation operation, Handler handler, RouteRole... roles) {
        return add(new Route(HandlerType.DELETE, path, operation, handler, List.of(roles)));
    }

    /** Every declared route, in declaration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Registers every declared route with Javalin. */
    public void registerWith(RoutesConfig config) {
        for (Route r : routes) {
            config.addHttpHandler(r.method(), r.path(), r.handler(), r.roles().toArray(RouteRole[]::new));
        }
    }
}
