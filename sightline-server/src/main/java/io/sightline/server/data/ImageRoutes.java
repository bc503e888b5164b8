package io.sightline.server.data;

import static io.sightline.server.api.ApiRole.READ;

import io.javalin.http.Context;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import java.util.List;
import java.util.Map;

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
    public void register(Endpoints endpoints) {
        endpoints.get(
                PATH + "/{uid}",
                image(Operation.of(
                                "An image of a data object",
                                "Renders an MRC, TIFF, PNG or JPEG data object as an 8-bit grey PNG or JPEG, off"
                                        + " the request thread in a bounded pool (503 with Retry-After when its"
                                        + " queue is full), cached in memory and on disk by (uid, file, size, mtime,"
                                        + " parameters) with LRU eviction. Answers carry a strong ETag and"
                                        + " Cache-Control: private, no-cache; If-None-Match with the current ETag"
                                        + " is answered 304. A header that is malformed, too large or longer than"
                                        + " the file is a 422 naming the file. Viewer role."))
                        .problem(404, "No such data object, its file is gone, or no such slice")
                        .problem(503, "Too many renders waiting (Retry-After says when to ask again)"),
                ctx -> send(ctx, objects.store().getWithoutLineage(DataObjectRoutes.uid(ctx))),
                READ);
        endpoints.get(
                "/grids/{grid_uuid}/atlas_image",
                image(Operation.of(
                                "Get Grid Atlas Image",
                                "The newest data object of kind atlas whose entity_uuid is the grid, else the newest"
                                        + " atlas object that is a parent of an image of one of the grid's squares,"
                                        + " rendered as by /api/v1/images/{uid}; SmartEM's crop parameters x, y, w, h"
                                        + " are ignored. Viewer role."))
                        .problem(404, "No atlas image is registered for the grid"),
                ctx -> {
                    String grid = ctx.pathParam("grid_uuid");
                    send(
                            ctx,
                            objects.store()
                                    .atlasImageOf(grid)
                                    .orElseThrow(() -> ApiException.notFound("no atlas image is registered for " + grid
                                            + " (a data object of kind atlas with entity_uuid " + grid
                                            + ", or the parent of an image of one of its squares)")));
                },
                READ);
        endpoints.get(
                "/gridsquares/{gridsquare_uuid}/gridsquare_image",
                image(Operation.of(
                                "Get Gridsquare Image",
                                "The newest data object of kind gridsquare whose entity_uuid is the square, rendered"
                                        + " as by /api/v1/images/{uid}. Viewer role."))
                        .problem(404, "No image is registered for the grid square"),
                ctx -> byEntity(ctx, "gridsquare_uuid", GRIDSQUARE_KIND),
                READ);
    }

    /** The parameters and answers every image route shares. */
    private static Operation image(Operation operation) {
        return DataObjectRoutes.read(operation)
                .query(
                        "size",
                        Schema.integer(16, 4096, ImageParams.DEFAULT_SIZE),
                        "Longest edge in pixels (never enlarged)")
                .query("slice", Schema.integer(0, Integer.MAX_VALUE, 0), "The page (MRC section, TIFF page)")
                .query(
                        "projection",
                        new Schema(Map.of("type", "string", "enum", List.of("max", "mean"))),
                        "Instead of one slice")
                .query(
                        "contrast",
                        new Schema(Map.of("type", "string", "enum", List.of("auto"))),
                        "auto (0.5 to 99.5 percentile, the default), or give min and max")
                .query("min", Schema.type("number"), null)
                .query("max", Schema.type("number"), null)
                .query("format", new Schema(Map.of("type", "string", "enum", List.of("png", "jpeg"))), "png by default")
                .header("If-None-Match", "The ETag of a rendering the client holds: 304 while it is current")
                .answer(200, "The rendering", "image/png", null)
                .answer(304, "The rendering named in If-None-Match is still current")
                .problem(422, "Bad parameters, or the file cannot be rendered (naming the file)");
    }

    private void byEntity(Context ctx, String param, String kind) {
        String uuid = ctx.pathParam(param); // ids are kept exactly as sent (SmartEM's are case-sensitive)
        DataObject object = objects.store()
                .latestFor(uuid, kind)
                .orElseThrow(() -> ApiException.notFound("no " + kind + " image is registered for " + uuid
                        + " (a data object of kind " + kind + " with entity_uuid " + uuid + ")"));
        send(ctx, object);
    }

    private void send(Context ctx, DataObject object) {
        ImageParams params = ImageParams.of(ctx);
        ImageRenders.Answer answer;
        try {
            answer = renders.image(object, params, ctx.header("If-None-Match"));
        } catch (ApiException e) {
            if (e.status() == 503) {
                ctx.header("Retry-After", Integer.toString(ImageRenders.RETRY_AFTER_SECONDS));
            }
            throw e;
        }
        // no-cache: a browser keeps the image but asks every time, so a changed file shows at once; the
        // question costs a 304 with no body while the file is unchanged
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("ETag", answer.etag());
        switch (answer) {
            case ImageRenders.Answer.NotModified n -> ctx.status(304);
            case ImageRenders.Answer.Image image ->
                ctx.status(200).contentType(image.mediaType()).result(image.bytes());
        }
    }
}
