package io.sightline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.server.persistence.Column;
import io.sightline.server.persistence.EntityKind;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads request bodies into typed entity fields. Malformed JSON is a 400; well-formed JSON with
 * missing, mistyped or out-of-range fields is a 422 listing every field at fault (as FastAPI does).
 * Unknown fields are ignored, as SmartEM's pydantic models do.
 */
public final class JsonBodies {
    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** An entity read from JSON: its uuid and the typed fields it gave. */
    public record Parsed(String uuid, Map<String, Object> fields) {}

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The body as JSON, or 400. */
    public JsonNode read(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("the request needs a JSON body");
        }
        try {
            return mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
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
     * Reads an entity of {@code kind}.
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
            if (value != null) {
                Object typed = convert(column, value, loc, errors);
                if (!(typed instanceof Invalid)) {
                    fields.put(column.name(), typed);
                }
            }
        }
        fields.putAll(fromPath);
        String uuid = null;
        JsonNode uuidNode = node.get("uuid");
        if (uuidNode != null && !uuidNode.isNull()) {
            uuid = uuid(uuidNode, append(loc, "uuid"), errors);
        }
        for (String name : required) {
            boolean present = name.equals("uuid") ? uuidNode != null && !uuidNode.isNull() : fields.get(name) != null;
            if (!present && !(name.equals("uuid") ? uuidNode != null : node.has(name))) {
                errors.add(new ApiException.FieldError(append(loc, name), "Field required", "missing"));
            } else if (!present) {
                errors.add(new ApiException.FieldError(append(loc, name), "must not be null", "missing"));
            }
        }
        for (String reference : uuidColumns(kind)) {
            if (fields.get(reference) instanceof String s) {
                if (isUuid(s)) {
                    fields.put(reference, s.toLowerCase(java.util.Locale.ROOT));
                } else {
                    errors.add(new ApiException.FieldError(append(loc, reference), "must be a UUID", "uuid_parsing"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        return new Parsed(uuid, fields);
    }

    private static List<String> uuidColumns(EntityKind kind) {
        List<String> out = new ArrayList<>();
        if (kind.parentColumn() != null) {
            out.add(kind.parentColumn());
        }
        if (kind.referenced() != null) {
            out.add(kind.naturalKeyColumn());
        }
        return out;
    }

    private static String uuid(JsonNode node, List<String> loc, List<ApiException.FieldError> errors) {
        if (node.isTextual() && isUuid(node.textValue())) {
            return node.textValue().toLowerCase(java.util.Locale.ROOT);
        }
        errors.add(new ApiException.FieldError(loc, "must be a UUID", "uuid_parsing"));
        return null;
    }

    /** Whether {@code text} is a UUID in its canonical 36-character form. */
    public static boolean isUuid(String text) {
        if (text == null || text.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private enum Invalid {
        VALUE
    }

    private static Object convert(
            Column column, JsonNode value, List<String> loc, List<ApiException.FieldError> errors) {
        if (value.isNull()) {
            return null;
        }
        List<String> where = append(loc, column.name());
        switch (column.type()) {
            case STRING -> {
                if (!value.isTextual()) {
                    return fail(errors, where, "must be a string", "string_type");
                }
                if (!column.allowed().isEmpty() && !column.allowed().contains(value.textValue())) {
                    return fail(errors, where, "must be one of " + column.allowed(), "enum");
                }
                return value.textValue();
            }
            case INTEGER -> {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return value.longValue();
                }
                if (value.isFloatingPointNumber()
                        && value.doubleValue() == Math.rint(value.doubleValue())
                        && Math.abs(value.doubleValue()) < 9.0e15) {
                    return (long) value.doubleValue();
                }
                return fail(errors, where, "must be an integer", "int_type");
            }
            case NUMBER -> {
                if (value.isNumber()) {
                    return value.doubleValue();
                }
                return fail(errors, where, "must be a number", "float_type");
            }
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    return value.booleanValue();
                }
                return fail(errors, where, "must be true or false", "bool_type");
            }
            case TIMESTAMP -> {
                if (value.isTextual()) {
                    Instant instant = parseTime(value.textValue());
                    if (instant != null) {
                        return instant.truncatedTo(ChronoUnit.MICROS);
                    }
                }
                return fail(errors, where, "must be an ISO-8601 date-time", "datetime_parsing");
            }
        }
        throw new IllegalStateException("unhandled column type " + column.type());
    }

    /** ISO-8601 with an offset, or without one (read as UTC, as SmartEM's naive datetimes are); null if neither. */
    public static Instant parseTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Invalid fail(List<ApiException.FieldError> errors, List<String> loc, String msg, String type) {
        errors.add(new ApiException.FieldError(loc, msg, type));
        return Invalid.VALUE;
    }

    static List<String> append(List<String> loc, String name) {
        List<String> out = new ArrayList<>(loc);
        out.add(name);
        return out;
    }
}
