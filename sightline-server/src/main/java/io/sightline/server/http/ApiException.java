package io.sightline.server.http;

import java.util.List;

/**
 * A client mistake found by the HTTP layer (bad JSON, wrong field types, oversized bodies). Mapped to
 * {@code application/problem+json} by {@link Problems}, like the persistence layer's
 * {@link io.sightline.server.persistence.DataException}s.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final List<FieldError> errors;

    private ApiException(int status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    /** One problem with one field, in FastAPI's shape ({@code loc}, {@code msg}, {@code type}). */
    public record FieldError(List<String> loc, String msg, String type) {}

    /** 400: the body is not JSON, or not the JSON shape the endpoint takes. */
    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail, List.of());
    }

    /** 401: no credentials, or credentials that are not valid. */
    public static ApiException unauthorized(String detail) {
        return new ApiException(401, detail, List.of());
    }

    /** 403: valid credentials that may not do this. */
    public static ApiException forbidden(String detail) {
        return new ApiException(403, detail, List.of());
    }

    /** 404: a path names something that does not exist. */
    public static ApiException notFound(String detail) {
        return new ApiException(404, detail, List.of());
    }

    /** 413: the body exceeds the configured limit. */
    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "request body exceeds " + limit + " bytes", List.of());
    }

    /** 413: a batch holds more items than one request may carry. */
    public static ApiException tooLargeBatch(int items, int limit) {
        return new ApiException(
                413, "the batch holds " + items + " items; at most " + limit + " are accepted per request", List.of());
    }

    /** 415: the body is not of a media type the route reads. */
    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, detail, List.of());
    }

    /** 409: the request contradicts the resource's current state. */
    public static ApiException conflict(String detail) {
        return new ApiException(409, detail, List.of());
    }

    /** 422: the JSON is well formed but fields are missing or invalid. */
    public static ApiException unprocessable(List<FieldError> errors) {
        String detail = errors.stream()
                .map(e -> String.join(".", e.loc()) + ": " + e.msg())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new ApiException(422, detail, errors);
    }

    /** 422 with a single message (not about one field). */
    public static ApiException unprocessable(String detail) {
        return new ApiException(422, detail, List.of());
    }

    /** 503: the server cannot serve right now (shutting down). */
    public static ApiException unavailable(String detail) {
        return new ApiException(503, detail, List.of());
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
