package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /atlases}: atlases (created with their tiles) and the tiles of one atlas. */
public final class AtlasRoutes implements ApiRoutes {
    private final Resources resources;

    public AtlasRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                "/atlases",
                ctx -> resources.send(ctx, 200, withTiles(resources.store().list(EntityKind.ATLAS))),
                READ);
        routes.get(
                "/atlases/{atlas_uuid}",
                ctx -> resources.send(
                        ctx,
                        200,
                        withTiles(resources.store().get(EntityKind.ATLAS, Resources.uuidParam(ctx, "atlas_uuid")))),
                READ);
        routes.put(
                "/atlases/{atlas_uuid}",
                ctx -> resources.send(ctx, 200, withTiles(resources.updated(ctx, EntityKind.ATLAS, "atlas_uuid"))),
                WRITE);
        routes.delete("/atlases/{atlas_uuid}", ctx -> resources.delete(ctx, EntityKind.ATLAS, "atlas_uuid"), WRITE);
        routes.get(
                "/atlases/{atlas_uuid}/tiles",
                ctx -> resources.listChildren(ctx, EntityKind.ATLAS_TILE, "atlas_uuid"),
                READ);
        routes.post(
                "/atlases/{atlas_uuid}/tiles",
                ctx -> resources.create(ctx, EntityKind.ATLAS_TILE, "atlas_uuid", List.of("uuid")),
                WRITE);
    }

    /** POST /grids/{grid_uuid}/atlas: the atlas and its embedded tiles, in one transaction. */
    void createForGrid(Context ctx) {
        String grid = Resources.uuidParam(ctx, "grid_uuid");
        resources.store().get(EntityKind.GRID, grid);
        ObjectNode body = resources.bodies().readObject(ctx);
        JsonBodies.Parsed atlas = resources
                .bodies()
                .entity(EntityKind.ATLAS, body, List.of("uuid", "name"), Map.of("grid_uuid", grid), List.of("body"));
        List<Upsert> upserts = new ArrayList<>();
        upserts.add(Upsert.createOrUpdate(EntityKind.ATLAS, atlas.uuid(), atlas.fields()));
        JsonNode tiles = body.get("tiles");
        if (tiles != null && !tiles.isNull()) {
            if (!(tiles instanceof ArrayNode array)) {
                throw ApiException.unprocessable(
                        List.of(new ApiException.FieldError(List.of("body", "tiles"), "must be a list", "list_type")));
            }
            for (int i = 0; i < array.size(); i++) {
                List<String> loc = List.of("body", "tiles", Integer.toString(i));
                JsonBodies.Parsed tile = resources
                        .bodies()
                        .entity(
                                EntityKind.ATLAS_TILE,
                                resources.bodies().object(array.get(i), loc),
                                List.of("uuid"),
                                Map.of("atlas_uuid", atlas.uuid()),
                                loc);
                upserts.add(Upsert.createOrUpdate(EntityKind.ATLAS_TILE, tile.uuid(), tile.fields()));
            }
        }
        List<UpsertResult> results = resources.store().upsertAllOrNothing(upserts);
        resources.send(
                ctx,
                Resources.createdStatus(results),
                withTiles(results.getFirst().entity()));
    }

    /** SmartEM's AtlasResponse: the atlas with its {@code tiles}. */
    ObjectNode withTiles(Entity atlas) {
        ObjectNode node = resources.json(atlas);
        node.set("tiles", resources.jsonArray(resources.store().listByParent(EntityKind.ATLAS_TILE, atlas.uuid())));
        return node;
    }

    private ArrayNode withTiles(List<Entity> atlases) {
        ArrayNode array = resources.bodies().mapper().createArrayNode();
        atlases.forEach(a -> array.add(withTiles(a)));
        return array;
    }
}
