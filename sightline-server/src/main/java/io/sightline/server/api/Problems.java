package io.sightline.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sightline.server.persistence.DataException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: RFC 9457 {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status}, {@code detail} and {@code instance}; 422 answers add
 * {@code errors} (FastAPI's loc/msg/type entries), 409 answers add {@code existing_uuid}. Client
 * mistakes get 4xx; only faults of the server itself get 500, logged with their stack trace.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Registers the exception and error handlers. */
    public void register(RoutesConfig routes) {
        routes.exception(
                ApiException.class, (e, ctx) -> write(ctx, e.status(), e.title(), e.getMessage(), e.errors(), null));
        routes.exception(
                DataException.NotFound.class,
                (e, ctx) -> write(ctx, 404, "Not Found", e.getMessage(), List.of(), null));
        routes.exception(
                DataException.Conflict.class,
                (e, ctx) -> write(ctx, 409, "Conflict", e.getMessage(), List.of(), e.existingUuid()));
        routes.exception(
                DataException.Invalid.class,
                (e, ctx) -> write(
                        ctx,
                        422,
                        "Unprocessable Content",
                        e.getMessage(),
                        List.of(new ApiException.FieldError(List.of("body", e.field()), e.getMessage(), "value_error")),
                        null));
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> write(ctx, e.getStatus(), titleFor(e.getStatus()), e.getMessage(), List.of(), null));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, "Internal Server Error", "the server failed; the log has the details", List.of(), null);
        });
        for (int status : new int[] {404, 405}) {
            routes.error(status, ctx -> {
                String contentType = ctx.res().getContentType();
                if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
                    write(
                            ctx,
                            status,
                            titleFor(status),
                            status == 404
                                    ? "no such resource: " + ctx.path()
                                    : ctx.method() + " is not allowed on " + ctx.path(),
                            List.of(),
                            null);
                }
            });
        }
    }

    private void write(
            Context ctx,
            int status,
            String title,
            String detail,
            List<ApiException.FieldError> errors,
            String existingUuid) {
        ObjectNode problem = mapper.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", ctx.path());
        if (!errors.isEmpty()) {
            ArrayNode list = problem.putArray("errors");
            for (ApiException.FieldError error : errors) {
                ObjectNode item = list.addObject();
                ArrayNode loc = item.putArray("loc");
                error.loc().forEach(loc::add);
                item.put("msg", error.msg());
                item.put("type", error.type());
            }
        }
        if (existingUuid != null) {
            problem.put("existing_uuid", existingUuid);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(problem.toString());
    }

    private static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
