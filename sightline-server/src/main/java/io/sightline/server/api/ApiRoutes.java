package io.sightline.server.api;

import io.javalin.config.RoutesConfig;

/** The routes of one resource; {@code ServerApp} registers each in turn. */
@FunctionalInterface
public interface ApiRoutes {
    void register(RoutesConfig routes);
}
