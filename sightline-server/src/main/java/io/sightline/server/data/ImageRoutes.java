package io.sightline.server.data;

import static io.sightline.server.api.ApiRole.READ;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.server.api.ApiException;
import io.sightline.server.api.ApiRoutes;

/**
 * {@code GET /api/v1/images/{uid}}, and SmartEM's {@code /grids/{grid_uuid}/atlas_image} and
 * {@code /gridsquares/{gridsquare_uuid}/gridsquare_image}, which answer with the newest data object of
 * kind {@code atlas} (or {@code gridsquare}) registered with that entity's uuid. SmartEM's crop parameters
 * of the atlas image ({@code x}, {@code y}, {@code w}, {@code h}) are not supported and are ignored.
 */
public final class ImageRoutes implements ApiRoutes {
    public static final String PATH = "/api/v1/images";
    /** The kinds the SmartEM image routes look for. */
    public static final String ATLAS_KIND = "atlas", GRIDSQUARE_KIND = "gridsquare";

    private final DataObjects objects;
    private final ImageRenders renders;

    public ImageRoutes(DataObjects objects, ImageRenders renders) {
        this.objects = objects;
        this.renders = renders;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(
                PATH + "/{uid}", ctx -> send(ctx, objects.store().getWithoutLineage(DataObjectRoutes.uid(ctx))), READ);
        routes.get("/grids/{grid_uuid}/atlas_image", ctx -> byEntity(ctx, "grid_uuid", ATLAS_KIND), READ);
        routes.get(
                "/gridsquares/{gridsquare_uuid}/gridsquare_image",
                ctx -> byEntity(ctx, "gridsquare_uuid", GRIDSQUARE_KIND),
                READ);
    }

    private void byEntity(Context ctx, String param, String kind) {
        String uuid = ctx.pathParam(param).toLowerCase(java.util.Locale.ROOT);
        DataObject object = objects.store()
                .latestFor(uuid, kind)
                .orElseThrow(() -> ApiException.notFound("no " + kind + " image is registered for " + uuid
                        + " (a data object of kind " + kind + " with entity_uuid " + uuid + ")"));
        send(ctx, object);
    }

    private void send(Context ctx, DataObject object) {
        ImageParams params = ImageParams.of(ctx);
        ImageRenders.Image image = renders.image(object, params);
        ctx.header("Cache-Control", "private, max-age=60");
        ctx.status(200).contentType(image.mediaType()).result(image.bytes());
    }
}
