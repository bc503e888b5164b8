package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.config.RoutesConfig;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import java.util.List;

/** {@code /acquisitions} and the grids under one. */
public final class AcquisitionRoutes implements ApiRoutes {
    private final Resources resources;

    public AcquisitionRoutes(Resources resources) {
        this.resources = resources;
    }

    /** The grid status that counts as completed in {@code /acquisitions/grid-counts}: the last one EPU reaches. */
    static final String GRID_COMPLETED = "grid squares decision completed";

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/acquisitions", ctx -> resources.list(ctx, EntityKind.ACQUISITION), READ);
        // before /acquisitions/{acquisition_uuid}, which would take "grid-counts" for an id
        routes.get(
                "/acquisitions/grid-counts",
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
                READ);
        routes.post(
                "/acquisitions", ctx -> resources.create(ctx, EntityKind.ACQUISITION, null, List.of("uuid")), WRITE);
        routes.get(
                "/acquisitions/{acquisition_uuid}",
                ctx -> resources.get(ctx, EntityKind.ACQUISITION, "acquisition_uuid"),
                READ);
        routes.put(
                "/acquisitions/{acquisition_uuid}",
                ctx -> resources.update(ctx, EntityKind.ACQUISITION, "acquisition_uuid"),
                WRITE);
        routes.delete(
                "/acquisitions/{acquisition_uuid}",
                ctx -> resources.delete(ctx, EntityKind.ACQUISITION, "acquisition_uuid"),
                WRITE);
        routes.get(
                "/acquisitions/{acquisition_uuid}/grids",
                ctx -> resources.listChildren(ctx, EntityKind.GRID, "acquisition_uuid"),
                READ);
        routes.post(
                "/acquisitions/{acquisition_uuid}/grids",
                ctx -> resources.create(ctx, EntityKind.GRID, "acquisition_uuid", List.of("uuid", "name")),
                WRITE);
    }
}
