package io.sightline.server.api;

import io.sightline.server.http.Endpoints;
import io.sightline.server.persistence.EntityKind;

/** {@code /acquisitions} and the grids under one. */
public final class AcquisitionRoutes implements ApiRoutes {
    private final Resources resources;

    public AcquisitionRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(Endpoints endpoints) {
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
