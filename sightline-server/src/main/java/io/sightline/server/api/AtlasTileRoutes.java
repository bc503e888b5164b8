package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.ids.EntityUuids;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /atlas-tiles}: tiles and where grid squares lie on them. */
public final class AtlasTileRoutes implements ApiRoutes {
    private static final List<String> POSITION_FIELDS = List.of("center_x", "center_y", "size_width", "size_height");

    private final Resources resources;

    public AtlasTileRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(Endpoints endpoints) {
        Resource.of(EntityKind.ATLAS_TILE, "/atlas-tiles", "tile_uuid", "AtlasTile", "atlas tile")
                .list()
                .get()
                .update()
                .delete()
                .childList(
                        "gridsquares",
                        EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION,
                        "AtlasTileGridSquarePosition",
                        "grid-square position")
                .register(endpoints, resources);
        endpoints.post(
                "/atlas-tiles/{tile_uuid}/gridsquares",
                linked(
                        Operation.of(
                                "Link Atlas Tile To Gridsquares",
                                "Connect multiple grid squares to a tile with their position information"),
                        true),
                this::linkMany,
                WRITE);
        endpoints.post(
                "/atlas-tiles/{tile_uuid}/gridsquares/{gridsquare_uuid}",
                linked(
                        Operation.of(
                                "Link Atlas Tile To Gridsquare",
                                "Connect a grid square to a tile with its position information"),
                        false),
                this::linkOne,
                WRITE);
    }

    private static Operation linked(Operation operation, boolean list) {
        Schema request = Schema.ref("GridSquarePositionRequest");
        Schema response = Schema.ref("AtlasTileGridSquarePositionResponse");
        return Resource.created(
                        operation, list ? Schema.listOf(request) : request, list ? Schema.listOf(response) : response)
                .problem(404, "Unknown uuid");
    }

    private void linkMany(Context ctx) {
        String tile = Resources.uuidParam(ctx, "tile_uuid");
        resources.store().get(EntityKind.ATLAS_TILE, tile);
        JsonNode body = resources.bodies().read(ctx);
        if (!(body instanceof ArrayNode array)) {
            throw ApiException.unprocessable(
                    List.of(new ApiException.FieldError(List.of("body"), "expected a list of positions", "list_type")));
        }
        List<Upsert> upserts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            List<String> loc = List.of("body", Integer.toString(i));
            upserts.add(position(tile, resources.bodies().object(array.get(i), loc), null, loc));
        }
        List<UpsertResult> results = resources.store().upsertAllOrNothing(upserts);
        resources.send(
                ctx,
                Resources.createdStatus(results),
                resources.jsonArray(results.stream().map(UpsertResult::entity).toList()));
    }

    private void linkOne(Context ctx) {
        String tile = Resources.uuidParam(ctx, "tile_uuid");
        String square = Resources.uuidParam(ctx, "gridsquare_uuid");
        resources.store().get(EntityKind.ATLAS_TILE, tile);
        resources.store().get(EntityKind.GRIDSQUARE, square);
        Upsert upsert = position(tile, resources.bodies().readObject(ctx), square, List.of("body"));
        UpsertResult result = resources.store().upsertOne(upsert);
        resources.send(ctx, Resources.createdStatus(List.of(result)), resources.json(result.entity()));
    }

    private Upsert position(String tile, ObjectNode node, String squareFromPath, List<String> loc) {
        Map<String, Object> fromPath = squareFromPath == null
                ? Map.of("atlastile_uuid", tile)
                : Map.of("atlastile_uuid", tile, "gridsquare_uuid", squareFromPath);
        List<String> required = new ArrayList<>(POSITION_FIELDS);
        required.add("gridsquare_uuid");
        JsonBodies.Parsed parsed =
                resources.bodies().entity(EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION, node, required, fromPath, loc);
        String square = (String) parsed.fields().get("gridsquare_uuid");
        return Upsert.createOrUpdate(
                EntityKind.ATLAS_TILE_GRIDSQUARE_POSITION, EntityUuids.position(tile, square), parsed.fields());
    }
}
