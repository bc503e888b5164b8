package io.sightline.server.data;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.DataObjectField;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.DataException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

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
    public void register(Endpoints endpoints) {
        endpoints.post(
                PATH,
                read(Operation.of(
                                        "Register data objects",
                                        "Registers a file written to storage, or a JSON array of them in one"
                                                + " transaction (all or none, at most 5,000). The path must resolve,"
                                                + " after the server's path maps, to a regular file inside a storage"
                                                + " root (no .., no encoded dots or slashes, no unmapped Windows drive"
                                                + " or UNC path, no symbolic link out of a root). The server records"
                                                + " size and mtime, takes shape and dtype from MRC/TIFF/PNG/JPEG"
                                                + " headers when not given, and with a checksum verifies it in the"
                                                + " background (events data_object.verified or data_object.corrupt)."
                                                + " Idempotent per uid: the same uid for the same file, kind and"
                                                + " session answers the stored object (200); for another file 409."
                                                + " Agent role.")
                                .body(new Schema(Map.of(
                                        "oneOf",
                                        List.of(
                                                Schema.ref("DataObjectCreateRequest")
                                                        .json(),
                                                Schema.listOf(Schema.ref("DataObjectCreateRequest"))
                                                        .json())))))
                        .answer(
                                201,
                                "Registered (a batch: {\"data_objects\": [...]}, when any was new)",
                                "application/json",
                                ONE_OR_BATCH)
                        .answer(
                                200,
                                "Every object was registered before with the same file",
                                "application/json",
                                ONE_OR_BATCH)
                        .problem(400, "Body is not JSON")
                        .problem(404, "A parent is not registered")
                        .problem(409, "The uid is registered for another file")
                        .problem(413, "More than 5,000 objects")
                        .problem(
                                422,
                                "A field is invalid, the path is refused, or the file's header cannot be read"
                                        + " (naming the file)")
                        .problem(403, "The token's role is below agent (problem+json)"),
                this::register,
                WRITE);
        endpoints.get(
                PATH,
                read(Operation.of(
                                        "List data objects",
                                        "Data objects in registration order, filtered by session, kind and"
                                                + " parent. Viewer role.")
                                .query("session", Schema.type("string"), null)
                                .query("kind", Schema.type("string"), null)
                                .query("parent", Schema.type("string"), "Only the children of this uid"))
                        .query("limit", Schema.integer(1, MAX_LIMIT, DEFAULT_LIMIT), null)
                        .query("offset", Schema.integer(0, Integer.MAX_VALUE, 0), null)
                        .ok(200, LIST)
                        .problem(422, "limit, offset or parent invalid"),
                this::list,
                READ);
        endpoints.get(
                PATH + "/{uid}",
                read(Operation.of("Get a data object", "Viewer role."))
                        .ok(200, Schema.ref("DataObject"))
                        .problem(404, "No such data object"),
                ctx -> send(ctx, 200, json().object(objects.store().get(uid(ctx)))),
                READ);
        endpoints.get(
                PATH + "/{uid}/lineage",
                read(Operation.of(
                                "Ancestors of a data object",
                                "Every ancestor through its parents, nearest first, up to the roots. Viewer role."))
                        .ok(200, LIST)
                        .problem(404, "No such data object"),
                ctx -> send(ctx, 200, json().array(objects.store().lineage(uid(ctx)))),
                READ);
        endpoints.get(
                PATH + "/{uid}/children",
                read(Operation.of(
                                "Children of a data object",
                                "Objects that name it as a parent, in registration order. Viewer role."))
                        .query("limit", Schema.integer(1, MAX_LIMIT, DEFAULT_LIMIT), null)
                        .query("offset", Schema.integer(0, Integer.MAX_VALUE, 0), null)
                        .ok(200, LIST)
                        .problem(404, "No such data object"),
                this::children,
                READ);
        endpoints.get(
                PATH + "/{uid}/raw",
                read(Operation.of(
                                "The bytes of a data object",
                                "The file, whole or one byte range (Range: bytes=first-last, first-, -suffix;"
                                        + " several ranges are answered whole). The file must still be inside a"
                                        + " storage root; otherwise the object is marked missing (event"
                                        + " data_object.missing). Viewer role."))
                        .header("Range", "bytes=first-last, first- or -suffix")
                        .answer(200, "The whole file", "application/octet-stream", null)
                        .answer(206, "One range, with Content-Range", "application/octet-stream", null)
                        .problem(404, "No such data object, or its file is gone")
                        .problem(416, "The range starts past the end of the file"),
                this::raw,
                READ);
    }

    private static final Schema LIST = Schema.listOf(Schema.ref("DataObject"));
    private static final Schema ONE_OR_BATCH = new Schema(Map.of(
            "oneOf",
            List.of(
                    Schema.ref("DataObject").json(),
                    Schema.ref("DataObjectBatchResponse").json())));

    /** The answers every authenticated route shares: no or a bad token, a role too low. */
    static Operation read(Operation operation) {
        return operation
                .problem(401, "Missing or invalid bearer token (problem+json)")
                .problem(403, "The token's role is below viewer (problem+json)");
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
