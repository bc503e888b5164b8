package io.sightline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
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
    public void register(Endpoints endpoints) {
        Resource.of(EntityKind.ATLAS, "/atlases", "atlas_uuid", "Atlas", "atlas")
                .view((r, atlas) -> withTiles(atlas))
                .list()
                .get()
                .update()
                .delete()
                .children("tiles", EntityKind.ATLAS_TILE, "AtlasTile", "atlas tile", "uuid")
                .register(endpoints, resources);
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
}
