package io.sightline.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.FieldSpec;
import io.sightline.core.wire.Reading;
import io.sightline.core.wire.Violation;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.JsonRequest;
import io.sightline.server.persistence.Column;
import io.sightline.server.persistence.EntityKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads request bodies into typed entity fields. Malformed JSON is a 400; well-formed JSON with
 * missing, mistyped or out-of-range fields (the limits of the wire vocabulary, {@code io.sightline.core.wire})
 * is a 422 listing every field at fault (as FastAPI does). Unknown fields are ignored, as SmartEM's pydantic
 * models do.
 */
public final class JsonBodies {
    /** An entity's own uuid. */
    private static final FieldSpec UUID = FieldSpec.uuid().named(EntityType.UUID_FIELD);

    private final ObjectMapper mapper;
    private final ObjectReader reader;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = JsonRequest.reader(mapper);
    }

    /** An entity read from JSON: its uuid and the typed fields it gave. */
    public record Parsed(String uuid, Map<String, Object> fields) {}

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The body as JSON: 415 when sent as another media type, 400 when not one JSON value. */
    public JsonNode read(Context ctx) {
        return JsonRequest.read(ctx, reader);
    }

    /** The body as a JSON object, or 400/422. */
    public ObjectNode readObject(Context ctx) {
        return object(read(ctx), List.of("body"));
    }

    /** {@code node} as an object, or 422 naming where it was expected. */
    public ObjectNode object(JsonNode node, List<String> loc) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw ApiException.unprocessable(
                List.of(new ApiException.FieldError(loc, "expected a JSON object", "model_type")));
    }

    /**
     * Reads an entity of {@code kind}: every declared field present in {@code node} is typed and checked
     * against its limits (a value the database could not store is a 422 naming the field, never a write
     * that fails).
     *
     * @param required fields that must be present and not null (after {@code fromPath} is applied)
     * @param fromPath values taken from the URL path; they override the body
     * @param loc where the object sits in the body, for error locations
     */
    public Parsed entity(
            EntityKind kind, ObjectNode node, List<String> required, Map<String, Object> fromPath, List<String> loc) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Column column : kind.columns()) {
            JsonNode value = node.get(column.name());
            if (value != null && !fromPath.containsKey(column.name())) {
                Reading.Value typed = read(column.spec(), value, loc, errors);
                if (typed != null) {
                    fields.put(column.name(), typed.value());
                }
            }
        }
        fields.putAll(fromPath);
        String uuid = null;
        JsonNode uuidNode = node.get(EntityType.UUID_FIELD);
        if (uuidNode != null && !uuidNode.isNull()) {
            Reading.Value typed = read(UUID, uuidNode, loc, errors);
            uuid = typed == null ? null : (String) typed.value();
        }
        for (String name : required) {
            boolean isUuid = name.equals(EntityType.UUID_FIELD);
            boolean present = isUuid ? uuidNode != null && !uuidNode.isNull() : fields.get(name) != null;
            if (!present && !(isUuid ? uuidNode != null : node.has(name))) {
                errors.add(new ApiException.FieldError(append(loc, name), "Field required", "missing"));
            } else if (!present && !hasError(errors, append(loc, name))) {
                errors.add(new ApiException.FieldError(append(loc, name), "must not be null", "missing"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        return new Parsed(uuid, fields);
    }

    /**
     * Reads one field's value against its declaration: the typed value (holding null for JSON null), or
     * null with the reason added to {@code errors} under {@code loc.name}.
     */
    public static Reading.Value read(
            FieldSpec field, JsonNode value, List<String> loc, List<ApiException.FieldError> errors) {
        Reading reading = field.read(value);
        if (reading instanceof Reading.Value typed) {
            return typed;
        }
        Violation v = ((Reading.Refused) reading).violation();
        errors.add(new ApiException.FieldError(append(loc, field.name()), v.message(), v.type()));
        return null;
    }

    private static boolean hasError(List<ApiException.FieldError> errors, List<String> loc) {
        return errors.stream().anyMatch(e -> e.loc().equals(loc));
    }

    static List<String> append(List<String> loc, String name) {
        List<String> out = new ArrayList<>(loc);
        out.add(name);
        return out;
    }
}
