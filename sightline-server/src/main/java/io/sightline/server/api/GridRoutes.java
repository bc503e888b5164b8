package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /grids}: grids, their atlas, their grid squares (one, or a batch) and "all registered". */
public final class GridRoutes implements ApiRoutes {
    private final Resources resources;
    private final AtlasRoutes atlases;

    public GridRoutes(Resources resources, AtlasRoutes atlases) {
        this.resources = resources;
        this.atlases = atlases;
    }

    @Override
    public void register(Endpoints endpoints) {
        Resource.of(EntityKind.GRID, "/grids", "grid_uuid", "Grid", "grid")
                .list()
                .get()
                .update()
                .delete()
                .children("gridsquares", EntityKind.GRIDSQUARE, "GridSquare", "grid square", "uuid", "gridsquare_id")
                .register(endpoints, resources);
        endpoints.get(
                "/grids/{grid_uuid}/atlas",
                Operation.of("Get Grid Atlas", "Get the atlas for a specific grid")
                        .ok(200, Schema.ref("AtlasResponse"))
                        .problem(404, "Unknown uuid"),
                this::getAtlas,
                READ);
        endpoints.post(
                "/grids/{grid_uuid}/atlas",
                Resource.created(Operation.of("Create Grid Atlas", "Create a new atlas for a grid"), "Atlas")
                        .problem(404, "Unknown uuid"),
                atlases::createForGrid,
                WRITE);
        endpoints.post(
                "/grids/{grid_uuid}/gridsquares/batch",
                Resource.created(
                                Operation.of(
                                        "Create Grid Gridsquares Batch",
                                        "Create many grid squares for a grid in a single transaction and a single"
                                                + " batched publish; any invalid square rejects the whole batch."),
                                Schema.ref("GridSquareBatchCreateRequest"),
                                Schema.ref("GridSquareBatchCreateResponse"))
                        .problem(404, "Unknown uuid"),
                this::createSquares,
                WRITE);
        endpoints.post(
                "/grids/{grid_uuid}/registered",
                Operation.of("Grid Registered", "All squares on a grid have been registered at low mag")
                        .ok(200, Schema.type("boolean"))
                        .problem(404, "Unknown uuid"),
                this::registered,
                WRITE);
    }

    private void getAtlas(Context ctx) {
        List<Entity> found = resources.store().listByParent(EntityKind.ATLAS, Resources.uuidParam(ctx, "grid_uuid"));
        if (found.isEmpty()) {
            throw ApiException.notFound("grid " + ctx.pathParam("grid_uuid") + " has no atlas");
        }
        resources.send(ctx, 200, atlases.withTiles(found.getFirst()));
    }

    /** All squares in one transaction; any invalid square rejects the whole batch (nothing is stored). */
    private void createSquares(Context ctx) {
        String grid = Resources.uuidParam(ctx, "grid_uuid");
        resources.store().get(EntityKind.GRID, grid);
        ObjectNode body = resources.bodies().readObject(ctx);
        JsonNode squares = body.get("gridsquares");
        if (!(squares instanceof ArrayNode array)) {
            throw ApiException.unprocessable(List.of(new ApiException.FieldError(
                    List.of("body", "gridsquares"), "Field required (a list of grid squares)", "missing")));
        }
        List<Upsert> upserts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            List<String> loc = List.of("body", "gridsquares", Integer.toString(i));
            JsonBodies.Parsed parsed = resources
                    .bodies()
                    .entity(
                            EntityKind.GRIDSQUARE,
                            resources.bodies().object(array.get(i), loc),
                            List.of("uuid", "gridsquare_id"),
                            Map.of("grid_uuid", grid),
                            loc);
            upserts.add(Upsert.createOrUpdate(EntityKind.GRIDSQUARE, parsed.uuid(), parsed.fields()));
        }
        List<UpsertResult> results = resources.store().upsertAllOrNothing(upserts);
        ObjectNode answer = resources.bodies().mapper().createObjectNode();
        answer.set(
                "gridsquares",
                resources.jsonArray(results.stream().map(UpsertResult::entity).toList()));
        resources.send(ctx, Resources.createdStatus(results), answer);
    }

    private void registered(Context ctx) {
        String grid = Resources.uuidParam(ctx, "grid_uuid");
        ObjectNode payload = resources.bodies().mapper().createObjectNode().put("grid_uuid", grid);
        resources.store().publish(EntityKind.GRID, grid, "grid.registered", payload.toString());
        resources.send(ctx, 200, BooleanNode.TRUE);
    }
}
