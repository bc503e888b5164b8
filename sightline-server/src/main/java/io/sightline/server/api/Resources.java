package io.sightline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.WireType;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityJson;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.Outcome;
import io.sightline.server.persistence.Page;
import io.sightline.server.persistence.Upsert;
import io.sightline.server.persistence.UpsertResult;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What every resource's routes share: the store, the JSON reader and writer, and the handful of
 * standard handlers (list, get, update, delete, create under a parent).
 */
public final class Resources {
    private final EntityStore store;
    private final JsonBodies bodies;
    private final EntityJson json;

    public Resources(EntityStore store, JsonBodies bodies, EntityJson json) {
        this.store = store;
        this.bodies = bodies;
        this.json = json;
    }

    public EntityStore store() {
        return store;
    }

    public JsonBodies bodies() {
        return bodies;
    }

    public ObjectNode json(Entity entity) {
        return json.toJson(entity);
    }

    public ArrayNode jsonArray(List<Entity> entities) {
        ArrayNode array = bodies.mapper().createArrayNode();
        entities.forEach(e -> array.add(json(e)));
        return array;
    }

    /**
     * An id path parameter, exactly as sent. One that no client could have sent in a body (over-long,
     * characters outside the id alphabet) is a 422 naming the parameter, as it would be in a body.
     */
    public static String uuidParam(Context ctx, String name) {
        String value = ctx.pathParam(name);
        WireType.Uuid.violation(value).ifPresent(v -> {
            throw ApiException.unprocessable(
                    List.of(new ApiException.FieldError(List.of("path", name), v.message(), v.type())));
        });
        return value;
    }

    /** 201 when anything was created, else 200 (the entity already existed). */
    public static int createdStatus(List<UpsertResult> results) {
        return results.stream().anyMatch(r -> r.outcome() == Outcome.CREATED) ? 201 : 200;
    }

    public void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    /** The most entities one list answer holds, and how many it holds when {@code limit} is not given. */
    public static final int MAX_LIMIT = 10_000;

    public static final int DEFAULT_LIMIT = 1_000;

    /** Adds the {@code limit} and {@code offset} query parameters of a list route to its description. */
    public static Operation paged(Operation operation) {
        return operation
                .query(
                        "limit",
                        Schema.integer(0, MAX_LIMIT, DEFAULT_LIMIT),
                        "At most this many entities (default " + DEFAULT_LIMIT + ", at most " + MAX_LIMIT + ")")
                .query("offset", Schema.integer(0, Long.MAX_VALUE, 0), "Skip this many entities first")
                .problem(422, "limit or offset is not a whole number in range");
    }

    /** The {@code limit} and {@code offset} of a list request, or 422 naming the one at fault. */
    public static Page page(Context ctx) {
        return new Page(
                (int) bounded(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT), bounded(ctx, "offset", 0, Long.MAX_VALUE));
    }

    private static long bounded(Context ctx, String name, long defaultValue, long max) {
        String value = ctx.queryParam(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, like a number out of range
        }
        throw ApiException.unprocessable(List.of(new ApiException.FieldError(
                List.of("query", name), "must be a whole number from 0 to " + max, "int_parsing")));
    }

    // Standard handlers ---------------------------------------------------------------------------

    public void list(Context ctx, EntityKind kind, BiFunction<Resources, Entity, JsonNode> view) {
        List<Entity> entities = store.list(kind, page(ctx));
        ArrayNode array = bodies.mapper().createArrayNode();
        entities.forEach(e -> array.add(view.apply(this, e)));
        send(ctx, 200, array);
    }

    public void get(Context ctx, EntityKind kind, String param, BiFunction<Resources, Entity, JsonNode> view) {
        send(ctx, 200, view.apply(this, store.get(kind, uuidParam(ctx, param))));
    }

    public void listChildren(Context ctx, EntityKind kind, String parentParam) {
        send(ctx, 200, jsonArray(store.listByParent(kind, uuidParam(ctx, parentParam), page(ctx))));
    }

    public void delete(Context ctx, EntityKind kind, String param) {
        String uuid = uuidParam(ctx, param);
        if (!store.delete(kind, uuid)) {
            throw ApiException.notFound(kind.wireName() + " " + uuid + " does not exist");
        }
        ctx.status(204);
    }

    /** PUT: the fields given replace the stored ones; the uuid in the path wins over one in the body. */
    public void update(Context ctx, EntityKind kind, String param, BiFunction<Resources, Entity, JsonNode> view) {
        send(ctx, 200, view.apply(this, updated(ctx, kind, param)));
    }

    /** Applies a PUT and returns the stored entity. */
    private Entity updated(Context ctx, EntityKind kind, String param) {
        String uuid = uuidParam(ctx, param);
        JsonBodies.Parsed parsed = bodies.entity(kind, bodies.readObject(ctx), List.of(), Map.of(), List.of("body"));
        return store.upsertOne(Upsert.update(kind, uuid, parsed.fields())).entity();
    }

    /** POST of one entity, optionally under the parent named in the path. */
    public void create(Context ctx, EntityKind kind, String parentParam, List<String> required) {
        Map<String, Object> fromPath =
                parentParam == null ? Map.of() : Map.of(kind.parentColumn(), uuidParam(ctx, parentParam));
        // an unknown parent is answered 404 by the upsert itself, inside its transaction
        JsonBodies.Parsed parsed = bodies.entity(kind, bodies.readObject(ctx), required, fromPath, List.of("body"));
        UpsertResult result = store.upsertOne(Upsert.createOrUpdate(kind, parsed.uuid(), parsed.fields()));
        send(ctx, createdStatus(List.of(result)), json(result.entity()));
    }
}
