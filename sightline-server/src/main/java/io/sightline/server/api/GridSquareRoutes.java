package io.sightline.server.api;

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
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /gridsquares}: squares, their foil holes (created as a list) and "all holes registered". */
public final class GridSquareRoutes implements ApiRoutes {
    private final Resources resources;

    public GridSquareRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(Endpoints endpoints) {
        Resource.of(EntityKind.GRIDSQUARE, "/gridsquares", "gridsquare_uuid", "GridSquare", "grid square")
                .list()
                .get()
                .update()
                .delete()
                .childList("foilholes", EntityKind.FOILHOLE, "FoilHole", "foil hole")
                .register(endpoints, resources);
        endpoints.post(
                "/gridsquares/{gridsquare_uuid}/foilholes",
                Resource.created(
                                Operation.of(
                                        "Create Gridsquare Foilholes",
                                        "Create foil holes (a list) for a specific grid square, in one transaction"),
                                Schema.listOf(Schema.ref("FoilHoleCreateRequest")),
                                Schema.listOf(Schema.ref("FoilHoleResponse")))
                        .problem(404, "Unknown uuid"),
                this::createHoles,
                WRITE);
        endpoints.post(
                "/gridsquares/{gridsquare_uuid}/registered",
                Operation.of("Gridsquare Registered", "All holes on a grid square have been registered at square mag")
                        .query("count", Schema.type("integer"), "How many holes were registered")
                        .ok(200, Schema.type("boolean"))
                        .problem(404, "Unknown uuid")
                        .problem(422, "count is not an integer"),
                this::registered,
                WRITE);
    }

    private void createHoles(Context ctx) {
        String square = Resources.uuidParam(ctx, "gridsquare_uuid");
        resources.store().get(EntityKind.GRIDSQUARE, square);
        JsonNode body = resources.bodies().read(ctx);
        if (!(body instanceof ArrayNode array)) {
            throw ApiException.unprocessable(List.of(
                    new ApiException.FieldError(List.of("body"), "expected a list of foil holes", "list_type")));
        }
        List<Upsert> upserts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            List<String> loc = List.of("body", Integer.toString(i));
            JsonBodies.Parsed hole = resources
                    .bodies()
                    .entity(
                            EntityKind.FOILHOLE,
                            resources.bodies().object(array.get(i), loc),
                            List.of("uuid", "foilhole_id", "gridsquare_id"),
                            Map.of("gridsquare_uuid", square),
                            loc);
            upserts.add(Upsert.createOrUpdate(EntityKind.FOILHOLE, hole.uuid(), hole.fields()));
        }
        List<UpsertResult> results = resources.store().upsertAllOrNothing(upserts);
        resources.send(
                ctx,
                Resources.createdStatus(results),
                resources.jsonArray(results.stream().map(UpsertResult::entity).toList()));
    }

    /**
     * All holes of the square are registered: the square's status becomes "all foil holes registered"
     * (a {@code gridsquare.updated} event when it changes) and a {@code gridsquare.registered} event
     * carries the optional {@code count}.
     */
    private void registered(Context ctx) {
        String square = Resources.uuidParam(ctx, "gridsquare_uuid");
        String count = ctx.queryParam("count");
        ObjectNode payload = resources.bodies().mapper().createObjectNode().put("gridsquare_uuid", square);
        if (count != null) {
            try {
                payload.put("count", Long.parseLong(count));
            } catch (NumberFormatException e) {
                throw ApiException.unprocessable(List.of(
                        new ApiException.FieldError(List.of("query", "count"), "must be an integer", "int_parsing")));
            }
        }
        resources
                .store()
                .updateAndPublish(
                        Upsert.update(EntityKind.GRIDSQUARE, square, Map.of("status", "all foil holes registered")),
                        "gridsquare.registered",
                        payload.toString());
        resources.send(ctx, 200, BooleanNode.TRUE);
    }
}
