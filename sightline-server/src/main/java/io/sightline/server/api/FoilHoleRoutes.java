package io.sightline.server.api;

import io.sightline.server.http.Endpoints;
import io.sightline.server.persistence.EntityKind;

/** {@code /foilholes}: foil holes and the micrographs taken in one. */
public final class FoilHoleRoutes implements ApiRoutes {
    private final Resources resources;

    public FoilHoleRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(Endpoints endpoints) {
        Resource.of(EntityKind.FOILHOLE, "/foilholes", "foilhole_uuid", "FoilHole", "foil hole")
                .list()
                .get()
                .update()
                .delete()
                .children("micrographs", EntityKind.MICROGRAPH, "Micrograph", "micrograph", "uuid", "foilhole_id")
                .register(endpoints, resources);
    }
}
