package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import io.javalin.config.RoutesConfig;
import io.sightline.server.persistence.EntityKind;
import java.util.List;

/** {@code /foilholes}: foil holes and the micrographs taken in one. */
public final class FoilHoleRoutes implements ApiRoutes {
    private final Resources resources;

    public FoilHoleRoutes(Resources resources) {
        this.resources = resources;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/foilholes", ctx -> resources.list(ctx, EntityKind.FOILHOLE), READ);
        routes.get("/foilholes/{foilhole_uuid}", ctx -> resources.get(ctx, EntityKind.FOILHOLE, "foilhole_uuid"), READ);
        routes.put(
                "/foilholes/{foilhole_uuid}",
                ctx -> resources.update(ctx, EntityKind.FOILHOLE, "foilhole_uuid"),
                WRITE);
        routes.delete(
                "/foilholes/{foilhole_uuid}",
                ctx -> resources.delete(ctx, EntityKind.FOILHOLE, "foilhole_uuid"),
                WRITE);
        routes.get(
                "/foilholes/{foilhole_uuid}/micrographs",
                ctx -> resources.listChildren(ctx, EntityKind.MICROGRAPH, "foilhole_uuid"),
                READ);
        routes.post(
                "/foilholes/{foilhole_uuid}/micrographs",
                ctx -> resources.create(ctx, EntityKind.MICROGRAPH, "foilhole_uuid", List.of("uuid", "foilhole_id")),
                WRITE);
    }
}
