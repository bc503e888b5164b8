package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
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

/** {@code /grids}: grids, their atlas, their grid squares (one, or a batch) and "all registered". */
public final class GridRoutes implements ApiRoutes {
    private final Resources resources;
    private final AtlasRoutes atlases;

    public GridRoutes(Resources resources, AtlasRoutes atlases) {
        this.resources = resources;
        this.atlases = atlases;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/grids", ctx -> resources.list(ctx, EntityKind.GRID), READ);
        routes.get("/grids/{grid_uuid}", ctx -> resources.get(ctx, EntityKind.GRID, "grid_uuid"), READ);
        routes.put("/grids/{grid_uuid}", ctx -> resources.update(ctx, EntityKind.GRID, "grid_uuid"), WRITE);
        routes.delete("/grids/{grid_uuid}", ctx -> resources.delete(ctx, EntityKind.GRID, "grid_uuid"), WRITE);
        routes.get("/grids/{grid_uuid}/atlas", this::getAtlas, READ);
        routes.post("/grids/{grid_uuid}/atlas", atlases::createForGrid, WRITE);
        routes.get(
                "/grids/{grid_uuid}/gridsquares",
                ctx -> resources.listChildren(ctx, EntityKind.GRIDSQUARE, "grid_uuid"),
                READ);
        routes.post(
                "/grids/{grid_uuid}/gridsquares",
                ctx -> resources.create(ctx, EntityKind.GRIDSQUARE, "grid_uuid", List.of("uuid", "gridsquare_id")),
                WRITE);
        routes.post("/grids/{grid_uuid}/gridsquares/batch", this::createSquares, WRITE);
        routes.post("/grids/{grid_uuid}/registered", this::registered, WRITE);
        routes.get(
                "/grids/{grid_uuid}/atlas_image",
                ctx -> resources.noImage(ctx, EntityKind.GRID, "grid_uuid", "atlas image"),
                READ);
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
