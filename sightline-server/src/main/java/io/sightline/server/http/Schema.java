package io.sightline.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON Schema fragment in the OpenAPI description: a reference to a named component schema, a
 * plain type, or a list of either. Shapes with fields are named component schemas, never inline.
 */
public record Schema(Map<String, Object> json) {
    public Schema {
        json = Map.copyOf(json);
    }

    /** The component schema {@code name} ({@code #/components/schemas/name}). */
    public static Schema ref(String name) {
        return new Schema(Map.of("$ref", "#/components/schemas/" + name));
    }

    public static Schema type(String type) {
        return new Schema(Map.of("type", type));
    }

    public static Schema type(String type, String format) {
        return new Schema(Map.of("type", type, "format", format));
    }

    /** Anything at all (an empty schema). */
    public static Schema any() {
        return new Schema(Map.of());
    }

    public static Schema listOf(Schema items) {
        return new Schema(Map.of("type", "array", "items", items.json()));
    }

    /** An integer from {@code minimum} to {@code maximum}, both included, with a default. */
    public static Schema integer(long minimum, long maximum, long defaultValue) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", "integer");
        json.put("minimum", minimum);
        json.put("maximum", maximum);
        json.put("default", defaultValue);
        return new Schema(json);
    }
}
