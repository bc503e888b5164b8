package io.sightline.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a request body as JSON, the same way on every route: a body sent as another media type is 415,
 * an empty body, malformed JSON or anything after the JSON value ({@code {}xyz}) is 400.
 */
public final class JsonRequest {
    private JsonRequest() {}

    /** A reader of whole bodies: one JSON value and nothing after it. Make one and keep it. */
    public static ObjectReader reader(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as JSON, or the problem that says why not. */
    public static JsonNode read(Context ctx, ObjectReader reader) {
        requireJson(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("the request needs a JSON body");
        }
        return parse(body, reader);
    }

    /**
     * 415 unless the body is declared JSON ({@code application/json} or a {@code +json} type); a body
     * without a content type is taken as JSON, as most HTTP clients send one only when told.
     */
    public static void requireJson(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("the body must be application/json, not " + contentType.strip());
        }
    }

    private static JsonNode parse(byte[] body, ObjectReader reader) {
        try {
            return reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("the body could not be read: " + e.getMessage());
        }
    }
}
