package io.sightline.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;

/** {@code /acquisitions} and the grids under one. */
public final class AcquisitionRoutes implements ApiRoutes {
    private final Resources resources;

    public AcquisitionRoutes(Resources resources) {
        this.resources = resources;
    }

    /** The grid status that counts as completed in {@code /acquisitions/grid-counts}: the last one EPU reaches. */
    static final String GRID_COMPLETED = "grid squares decision completed";

    @Override
    public void register(Endpoints endpoints) {
        // before /acquisitions/{acquisition_uuid}, which would take "grid-counts" for an id
        endpoints.get(
                "/acquisitions/grid-counts",
                Operation.of(
                                "Get Acquisition Grid Counts",
                                "Per-acquisition grid totals (every acquisition, those without grids too); a grid"
                                        + " counts as completed when its status is '" + GRID_COMPLETED + "'.")
                        .ok(200, Schema.listOf(Schema.ref("AcquisitionGridCountResponse"))),
                ctx -> {
                    ArrayNode counts = resources.bodies().mapper().createArrayNode();
                    for (EntityStore.GridCount c : resources.store().gridCounts(GRID_COMPLETED)) {
                        counts.addObject()
                                .put("acquisition_uuid", c.acquisitionUuid())
                                .put("grids_total", c.total())
                                .put("grids_completed", c.completed());
                    }
                    resources.send(ctx, 200, counts);
                },
                ApiRole.READ);
        Resource.of(EntityKind.ACQUISITION, "/acquisitions", "acquisition_uuid", "Acquisition", "acquisition")
                .list()
                .create("uuid")
                .get()
                .update()
                .delete()
                .children("grids", EntityKind.GRID, "Grid", "grid", "uuid", "name")
                .register(endpoints, resources);
    }
}
