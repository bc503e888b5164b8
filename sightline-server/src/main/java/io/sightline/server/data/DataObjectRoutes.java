package io.sightline.server.data;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sightline.core.wire.DataObjectField;
import io.sightline.server.api.ApiException;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.persistence.DataException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code /api/v1/data-objects} (docs/data-objects.md): register files by uid (one, or a JSON array in one
 * transaction), read them back, list them by session, kind or parent, follow their lineage, and fetch
 * their bytes with HTTP Range. Writes need the agent role, reads the viewer role.
 */
public final class DataObjectRoutes implements ApiRoutes {
    public static final String PATH = "/api/v1/data-objects";
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;

    private final DataObjects objects;
    private final JsonBodies bodies;

    public DataObjectRoutes(DataObjects objects, JsonBodies bodies) {
        this.objects = objects;
        this.bodies = bodies;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post(PATH, this::register, WRITE);
        routes.get(PATH, this::list, READ);
        routes.get(
                PATH + "/{uid}",
                ctx -> send(ctx, 200, json().object(objects.store().get(uid(ctx)))),
                READ);
        routes.get(
                PATH + "/{uid}/lineage",
                ctx -> send(ctx, 200, json().array(objects.store().lineage(uid(ctx)))),
                READ);
        routes.get(PATH + "/{uid}/children", this::children, READ);
        routes.get(PATH + "/{uid}/raw", this::raw, READ);
    }

    private DataObjectJson json() {
        return objects.json();
    }

    private void register(Context ctx) {
        DataObjectBodies.Items items = objects.bodies().read(bodies.read(ctx));
        List<DataObjectStore.Registered> results = objects.register(items.objects());
        int status = results.stream().anyMatch(DataObjectStore.Registered::created) ? 201 : 200;
        if (items.batch()) {
            ObjectNode answer = json().mapper().createObjectNode();
            answer.set(
                    "data_objects",
                    json().array(results.stream()
                            .map(DataObjectStore.Registered::object)
                            .toList()));
            send(ctx, status, answer);
        } else {
            send(ctx, status, json().object(results.getFirst().object()));
        }
    }

    private void list(Context ctx) {
        String parent = ctx.queryParam("parent");
        if (parent != null && !DataObjectField.validUid(parent)) {
            throw ApiException.unprocessable(List.of(new ApiException.FieldError(
                    List.of("query", "parent"), "must be a uid", "string_pattern_mismatch")));
        }
        send(
                ctx,
                200,
                json().array(objects.store()
                        .list(
                                ctx.queryParam("session"),
                                ctx.queryParam("kind"),
                                parent,
                                number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                                number(ctx, "offset", 0, 0, Integer.MAX_VALUE))));
    }

    private void children(Context ctx) {
        String uid = uid(ctx);
        objects.store().get(uid);
        send(
                ctx,
                200,
                json().array(objects.store()
                        .list(
                                null,
                                null,
                                uid,
                                number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                                number(ctx, "offset", 0, 0, Integer.MAX_VALUE))));
    }

    /** The file's bytes, all or one range of them; never a byte from outside the storage roots. */
    private void raw(Context ctx) {
        DataObject object = objects.present(uid(ctx));
        long size;
        // the stored path is a real path: a link put in its place since the check above is not followed
        try (FileChannel file = FileChannel.open(
                object.serverPath(), StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            size = file.size();
            ByteRange range = ByteRange.of(ctx.header("Range"), size);
            ctx.header("Accept-Ranges", "bytes");
            ctx.contentType("application/octet-stream");
            switch (range) {
                case ByteRange.Unsatisfiable u -> {
                    ctx.header("Content-Range", "bytes */" + size);
                    throw new RangeNotSatisfiable(object, size);
                }
                case ByteRange.Part part -> {
                    ctx.status(206);
                    ctx.header("Content-Range", "bytes " + part.first() + "-" + part.last() + "/" + size);
                    copy(file, part.first(), part.length(), ctx);
                }
                case ByteRange.Whole w -> {
                    ctx.status(200);
                    copy(file, 0, size, ctx);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(FileChannel file, long from, long length, Context ctx) throws IOException {
        ctx.res().setContentLengthLong(length);
        OutputStream out = ctx.res().getOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = from;
        long left = length;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = file.read(buffer, position);
            if (n < 0) {
                break; // the file shrank while being sent: the client sees a short body
            }
            out.write(buffer.array(), 0, n);
            position += n;
            left -= n;
        }
        out.flush();
    }

    /** 416 with the size, as a problem naming the object. */
    private static final class RangeNotSatisfiable extends io.javalin.http.HttpResponseException {
        RangeNotSatisfiable(DataObject object, long size) {
            super(416, "the range starts past the end of data object " + object.uid() + " (" + size + " bytes)");
        }
    }

    static String uid(Context ctx) {
        String uid = ctx.pathParam("uid");
        if (!DataObjectField.validUid(uid)) {
            throw new DataException.NotFound("data object " + uid + " is not registered");
        }
        return uid;
    }

    static int number(Context ctx, String name, int byDefault, int min, int max) {
        List<ApiException.FieldError> errors = new java.util.ArrayList<>();
        int value = ImageParams.whole(ctx, name, byDefault, min, max, errors);
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        return value;
    }

    private void send(Context ctx, int status, com.fasterxml.jackson.databind.JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
