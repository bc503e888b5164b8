package io.sightline.server.api;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The standard routes of one entity resource, declared once: list, create, get, update, delete and
 * the children under one entity, each with its OpenAPI operation. Schemas follow SmartEM's names:
 * {@code <Schema>Response}, {@code <Schema>CreateRequest}, {@code <Schema>UpdateRequest}.
 *
 * <pre>{@code
 * Resource.of(EntityKind.GRID, "/grids", "grid_uuid", "Grid", "grid")
 *         .list().get().update().delete()
 *         .children("gridsquares", EntityKind.GRIDSQUARE, "GridSquare", "grid square", "uuid", "gridsquare_id")
 *         .register(endpoints, resources);
 * }</pre>
 */
public final class Resource {
    private final EntityKind kind;
    private final String collection;
    private final String idParam;
    private final String schema;
    private final String noun;
    private final List<Consumer<Declared>> routes = new ArrayList<>();
    private BiFunction<Resources, Entity, JsonNode> view = Resources::json;

    /** What a route declaration is given when the resource is registered. */
    private record Declared(Endpoints endpoints, Resources resources) {}

    private Resource(EntityKind kind, String collection, String idParam, String schema, String noun) {
        this.kind = kind;
        this.collection = collection;
        this.idParam = idParam;
        this.schema = schema;
        this.noun = noun;
    }

    /**
     * @param collection the collection path, e.g. {@code /grids}
     * @param idParam the name of the uuid path parameter, e.g. {@code grid_uuid}
     * @param schema the schema name stem, e.g. {@code Grid} (GridResponse, GridCreateRequest, ...)
     * @param noun how the docs name one entity, e.g. {@code grid square}
     */
    public static Resource of(EntityKind kind, String collection, String idParam, String schema, String noun) {
        return new Resource(kind, collection, idParam, schema, noun);
    }

    /** Answers get, list and update with this view of an entity instead of its plain JSON. */
    public Resource view(BiFunction<Resources, Entity, JsonNode> value) {
        this.view = value;
        return this;
    }

    private String item() {
        return collection + "/{" + idParam + "}";
    }

    private String title() {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1).replace(" ", "");
    }

    /** GET the collection. */
    public Resource list() {
        routes.add(d -> d.endpoints()
                .get(
                        collection,
                        Resources.paged(Operation.of("Get " + plural(title()), "Get all " + plural(noun)))
                                .ok(200, Schema.listOf(Schema.ref(schema + "Response"))),
                        ctx -> d.resources().list(ctx, kind, view),
                        READ));
        return this;
    }

    /** POST to the collection; {@code required} fields must be in the body. */
    public Resource create(String... required) {
        routes.add(d -> d.endpoints()
                .post(
                        collection,
                        created(Operation.of("Create " + title(), "Create a new " + noun), schema),
                        ctx -> d.resources().create(ctx, kind, null, List.of(required)),
                        WRITE));
        return this;
    }

    /** GET one by uuid. */
    public Resource get() {
        routes.add(d -> d.endpoints()
                .get(
                        item(),
                        Operation.of("Get " + title(), "Get a single " + noun + " by ID")
                                .ok(200, Schema.ref(schema + "Response"))
                                .problem(404, "Unknown uuid"),
                        ctx -> d.resources().get(ctx, kind, idParam, view),
                        READ));
        return this;
    }

    /** PUT one by uuid: the fields given replace the stored ones. */
    public Resource update() {
        routes.add(d -> d.endpoints()
                .put(
                        item(),
                        bodyProblems(Operation.of("Update " + title(), "Update " + article(noun))
                                        .body(Schema.ref(schema + "UpdateRequest"))
                                        .ok(200, Schema.ref(schema + "Response")))
                                .problem(404, "Unknown uuid")
                                .problem(409, CONFLICT),
                        ctx -> d.resources().update(ctx, kind, idParam, view),
                        WRITE));
        return this;
    }

    /** DELETE one by uuid, with everything under it. */
    public Resource delete() {
        routes.add(d -> d.endpoints()
                .delete(
                        item(),
                        Operation.of("Delete " + title(), "Delete " + article(noun) + " and everything under it")
                                .answer(204, "Deleted, with everything under it")
                                .problem(404, "Unknown uuid"),
                        ctx -> d.resources().delete(ctx, kind, idParam),
                        WRITE));
        return this;
    }

    /** GET the children of one entity at {@code item/segment}. */
    public Resource childList(String segment, EntityKind child, String childSchema, String childNoun) {
        routes.add(d -> d.endpoints()
                .get(
                        item() + "/" + segment,
                        Resources.paged(Operation.of(
                                        "Get " + title() + " " + plural(titleOf(childNoun)),
                                        "Get all " + plural(childNoun) + " for a specific " + noun))
                                .ok(200, Schema.listOf(Schema.ref(childSchema + "Response")))
                                .problem(404, "Unknown uuid"),
                        ctx -> d.resources().listChildren(ctx, child, idParam),
                        READ));
        return this;
    }

    /**
     * GET the children of one entity and POST one new child (the parent taken from the path;
     * {@code required} fields must be in the body).
     */
    public Resource children(
            String segment, EntityKind child, String childSchema, String childNoun, String... required) {
        childList(segment, child, childSchema, childNoun);
        routes.add(d -> d.endpoints()
                .post(
                        item() + "/" + segment,
                        created(
                                        Operation.of(
                                                "Create " + title() + " " + titleOf(childNoun),
                                                "Create a new " + childNoun + " for a specific " + noun),
                                        childSchema)
                                .problem(404, "Unknown uuid"),
                        ctx -> d.resources().create(ctx, child, idParam, List.of(required)),
                        WRITE));
        return this;
    }

    /** Declares every route of this resource. */
    public void register(Endpoints endpoints, Resources resources) {
        Declared declared = new Declared(endpoints, resources);
        routes.forEach(r -> r.accept(declared));
    }

    static final String CONFLICT = "Natural key already held by another entity (problem has existing_uuid)";

    /** The answers of a route that creates (or finds) entities of {@code schema}. */
    static Operation created(Operation operation, String schema) {
        return created(operation, Schema.ref(schema + "CreateRequest"), Schema.ref(schema + "Response"));
    }

    /** The answers of a route that creates (or finds) what {@code request} describes. */
    static Operation created(Operation operation, Schema request, Schema response) {
        return bodyProblems(operation
                        .body(request)
                        .ok(201, response)
                        .answer(
                                200,
                                "Already existed: stored once, updated if a field changed",
                                "application/json",
                                response))
                .problem(409, CONFLICT);
    }

    /** The problems of every route that reads a JSON body. */
    static Operation bodyProblems(Operation operation) {
        return operation
                .problem(400, "Body is not JSON")
                .problem(413, "Body too large")
                .problem(415, "Body is not application/json")
                .problem(422, "Missing or invalid fields");
    }

    private static String titleOf(String noun) {
        StringBuilder out = new StringBuilder();
        for (String word : noun.split(" ")) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    private static String plural(String word) {
        return word.endsWith("s") ? word + "es" : word + "s";
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
