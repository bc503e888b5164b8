package io.sightline.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.sightline.server.persistence.DataException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where refusals and exceptions become HTTP answers: RFC 9457
 * {@code application/problem+json} with {@code type}, {@code title}, {@code status}, {@code detail} and
 * {@code instance}; 422 answers add {@code errors} (FastAPI's loc/msg/type entries), 409 answers add
 * {@code existing_uuid}. Routes and filters throw {@link ApiException} (or the persistence layer's
 * {@link DataException}s); what Jetty refuses before any route runs goes through {@link JettyProblems}.
 * Client mistakes get 4xx; only faults of the server itself get 500, logged with their stack trace.
 */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";
    /** The component schema of a problem in the OpenAPI description. */
    public static final String SCHEMA = "Problem";

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    // writes trees only; never configured after this line
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where RFC 9110 renamed a reason phrase that Jetty still spells the old way. */
    private static final Map<Integer, String> RFC_9110_TITLES =
            Map.of(413, "Content Too Large", 422, "Unprocessable Content", 500, "Internal Server Error");

    private Problems() {}

    /** Installs the exception mapper, the 404/405 answers of the router and Jetty's own error answers. */
    public static void register(JavalinConfig config) {
        // a path the server has, asked with a method it does not take, is 405 (RFC 9110), not 404
        config.http.prefer405over404 = true;
        var routes = config.routes;
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.getMessage(), e.errors(), null));
        routes.exception(DataException.NotFound.class, (e, ctx) -> write(ctx, 404, e.getMessage(), List.of(), null));
        routes.exception(
                DataException.Conflict.class, (e, ctx) -> write(ctx, 409, e.getMessage(), List.of(), e.existingUuid()));
        routes.exception(
                DataException.Invalid.class,
                (e, ctx) -> write(
                        ctx,
                        422,
                        e.getMessage(),
                        List.of(new ApiException.FieldError(List.of("body", e.field()), e.getMessage(), "value_error")),
                        null));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            String detail = e.getStatus() == 405
                    ? ctx.method() + " is not allowed on " + ctx.path() + allowed(e)
                    : e.getMessage();
            write(ctx, e.getStatus(), detail, List.of(), null);
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, "the server failed; the log has the details", List.of(), null);
        });
        for (int status : new int[] {404, 405}) {
            routes.error(status, ctx -> {
                String contentType = ctx.res().getContentType();
                if (contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
                    write(
                            ctx,
                            status,
                            status == 404
                                    ? "no such resource: " + ctx.path()
                                    : ctx.method() + " is not allowed on " + ctx.path(),
                            List.of(),
                            null);
                }
            });
        }
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems.ForServer()));
        config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyProblems.ForServlets()));
    }

    /** The methods the router offers instead, as Javalin lists them. */
    private static String allowed(HttpResponseException e) {
        return e.getDetails().isEmpty()
                ? ""
                : " (" + String.join(", ", e.getDetails().values()) + ")";
    }

    /** A problem body with no field errors, for answers written outside a route (filters, Jetty). */
    public static String body(int status, String detail, String instance) {
        return problem(status, detail, instance, List.of(), null).toString();
    }

    /** The reason phrase of a status, as RFC 9110 names it. */
    public static String title(int status) {
        return RFC_9110_TITLES.getOrDefault(status, HttpStatus.getMessage(status));
    }

    private static void write(
            Context ctx, int status, String detail, List<ApiException.FieldError> errors, String existingUuid) {
        ctx.status(status)
                .contentType(CONTENT_TYPE)
                .result(problem(status, detail, ctx.path(), errors, existingUuid)
                        .toString());
    }

    private static ObjectNode problem(
            int status, String detail, String instance, List<ApiException.FieldError> errors, String existingUuid) {
        ObjectNode problem = JSON.createObjectNode();
        problem.put("type", "about:blank");
        problem.put("title", title(status));
        problem.put("status", status);
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
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
        return problem;
    }
}
