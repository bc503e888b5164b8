package io.sightline.server.api;

import io.sightline.server.http.Endpoints;

/**
 * The routes of one resource, each declared with its OpenAPI description; {@code ServerApp} collects
 * them all into one {@link Endpoints}, registers them and generates {@code /openapi.json} from them.
 * The standard routes of an entity are a {@link Resource} declaration; CONTRIBUTING.md has the recipe.
 */
@FunctionalInterface
public interface ApiRoutes {
    void register(Endpoints endpoints);
}
