package io.sightline.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI description of one route: what it is for, the query parameters and headers it reads,
 * the body it takes and the answers it gives. Path parameters come from the route's path. Built once,
 * when the route is declared, and never changed after the server starts.
 *
 * <pre>{@code
 * Operation.of("Get Grid", "Get a single grid by ID")
 *         .ok(200, Schema.ref("GridResponse"))
 *         .problem(404, "Unknown uuid")
 * }</pre>
 */
public final class Operation {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private final String summary;
    private final String description;
    private final List<Param> params = new ArrayList<>();
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private Schema body;

    private record Param(String in, String name, Schema schema, String description) {}

    private record Answer(String description, String contentType, Schema schema) {}

    private Operation(String summary, String description) {
        this.summary = summary;
        this.description = description;
    }

    public static Operation of(String summary, String description) {
        return new Operation(summary, description);
    }

    /** An optional query parameter; {@code description} may be null. */
    public Operation query(String name, Schema schema, String description) {
        params.add(new Param("query", name, schema, description));
        return this;
    }

    /** An optional request header; {@code description} may be null. */
    public Operation header(String name, String description) {
        params.add(new Param("header", name, Schema.type("string"), description));
        return this;
    }

    /** The route takes a JSON body of this shape. */
    public Operation body(Schema schema) {
        this.body = schema;
        return this;
    }

    /** Does the route take a JSON body? */
    public boolean takesBody() {
        return body != null;
    }

    /** The query parameters the route reads. */
    public List<String> queryParams() {
        return params.stream()
                .filter(p -> p.in().equals("query"))
                .map(Param::name)
                .toList();
    }

    /** A JSON answer ("Successful Response"). */
    public Operation ok(int status, Schema schema) {
        return answer(status, "Successful Response", "application/json", schema);
    }

    /** An answer without a body. */
    public Operation answer(int status, String description) {
        return answer(status, description, null, null);
    }

    /** An answer of any content type; {@code schema} may be null (no schema given). */
    public Operation answer(int status, String description, String contentType, Schema schema) {
        answers.put(Integer.toString(status), new Answer(description, contentType, schema));
        return this;
    }

    /** A problem+json answer. */
    public Operation problem(int status, String description) {
        return answer(status, description, Problems.CONTENT_TYPE, Schema.ref(Problems.SCHEMA));
    }

    /** The parameters named in braces in {@code path}. */
    public static List<String> pathParams(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The OpenAPI operation object for this route at {@code path}. */
    ObjectNode toJson(String path, ObjectMapper mapper) {
        ObjectNode op = mapper.createObjectNode();
        op.put("summary", summary);
        if (!description.isEmpty()) {
            op.put("description", description);
        }
        ArrayNode parameters = mapper.createArrayNode();
        for (String name : pathParams(path)) {
            parameters
                    .addObject()
                    .put("name", name)
                    .put("in", "path")
                    .put("required", true)
                    .putObject("schema")
                    .put("type", "string");
        }
        for (Param p : params) {
            ObjectNode node = parameters
                    .addObject()
                    .put("name", p.name())
                    .put("in", p.in())
                    .put("required", false);
            node.set("schema", mapper.valueToTree(p.schema().json()));
            if (p.description() != null) {
                node.put("description", p.description());
            }
        }
        if (!parameters.isEmpty()) {
            op.set("parameters", parameters);
        }
        if (body != null) {
            ObjectNode requestBody = op.putObject("requestBody");
            requestBody
                    .putObject("content")
                    .putObject("application/json")
                    .set("schema", mapper.valueToTree(body.json()));
            requestBody.put("required", true);
        }
        ObjectNode responses = op.putObject("responses");
        answers.forEach((status, a) -> {
            ObjectNode node = responses.putObject(status).put("description", a.description());
            if (a.contentType() != null) {
                ObjectNode content = node.putObject("content").putObject(a.contentType());
                if (a.schema() != null) {
                    content.set("schema", mapper.valueToTree(a.schema().json()));
                }
            }
        });
        return op;
    }
}
