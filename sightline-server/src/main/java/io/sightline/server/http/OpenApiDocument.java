package io.sightline.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * {@code /openapi.json}, generated: the paths from the declared {@link Route}s, the named shapes
 * ({@code components.schemas}) from the schema resource the operations refer to.
 */
public final class OpenApiDocument {
    private OpenApiDocument() {}

    /** The document info: title, version and the description of the whole API. */
    public record Info(String title, String version, String description) {}

    public static ObjectNode render(ObjectMapper mapper, Info info, List<Route> routes, JsonNode components) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info")
                .put("title", info.title())
                .put("version", info.version())
                .put("description", info.description());
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode item = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            item.set(r.method().name().toLowerCase(Locale.ROOT), r.operation().toJson(r.path(), mapper));
        }
        doc.set("components", components);
        return doc;
    }

    /** Reads a JSON resource from the class path (the component schemas). */
    public static JsonNode resource(ObjectMapper mapper, Class<?> near, String path) {
        try (InputStream in = near.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
