package io.sightline.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * What the fuzzer sends, generated from the OpenAPI description: for one operation, its path with
 * every parameter replaced by an id (valid or not), a query string of its own parameters and others
 * with bad values, and a body shaped like its schema with values that are wrong in type, range,
 * length or encoding, under several content types.
 */
final class Fuzz {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stands for "nothing here" (no body, field left out): generators do not deal in null. */
    private static final String NONE = "\u0001none";

    private Fuzz() {}

    /** One operation of the description, with what the fuzzer needs to know of it. */
    record Operation(String method, String path, List<String> query, JsonNode body, Shapes shapes) {}

    /** One request: method, path and query, content type (null: none) and body (null: none). */
    record Request(String method, String target, String contentType, String body) {
        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            String path = target.length() > 300 ? target.substring(0, 300) + "..." : target;
            return method + " " + path + " [" + contentType + "] " + shown;
        }
    }

    /** The component schemas, and every property name any of them has. */
    record Shapes(JsonNode schemas, List<String> names) {
        JsonNode resolve(JsonNode schema) {
            JsonNode at = schema;
            for (int i = 0; i < 10 && at != null && at.has("$ref"); i++) {
                String ref = at.get("$ref").asText();
                at = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
            }
            return at == null ? JSON.createObjectNode() : at;
        }
    }

    static List<Operation> operations(JsonNode spec) {
        JsonNode schemas = spec.path("components").path("schemas");
        Set<String> names = new TreeSet<>();
        schemas.forEach(s -> s.path("properties").fieldNames().forEachRemaining(names::add));
        Shapes shapes = new Shapes(schemas, List.copyOf(names));
        List<Operation> out = new ArrayList<>();
        spec.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    List<String> query = new ArrayList<>();
                    op.getValue().path("parameters").forEach(p -> {
                        if (p.path("in").asText().equals("query")) {
                            query.add(p.path("name").asText());
                        }
                    });
                    JsonNode body = op.getValue().at("/requestBody/content/application~1json/schema");
                    out.add(new Operation(
                            op.getKey().toUpperCase(Locale.ROOT),
                            path.getKey(),
                            query,
                            body.isMissingNode() ? null : body,
                            shapes));
                }));
        return out;
    }

    /** Requests for {@code op}; path parameters named in {@code known} often take that value. */
    static Arbitrary<Request> requests(Operation op, Map<String, String> known) {
        Arbitrary<String> body = op.body() == null
                ? Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(NONE)), Tuple.of(1, rawBodies()))
                : Arbitraries.frequencyOf(
                        Tuple.of(6, shaped(op.shapes(), op.body(), 0)),
                        Tuple.of(2, rawBodies()),
                        Tuple.of(1, Arbitraries.just(NONE)));
        return Combinators.combine(path(op.path(), known), query(op.query()), contentTypes(), body)
                .as((path, query, type, b) -> NONE.equals(b)
                        ? new Request(op.method(), path + query, null, null)
                        : new Request(op.method(), path + query, type, b));
    }

    // ------------------------------------------------------------------------------ paths and queries

    private static Arbitrary<String> path(String template, Map<String, String> known) {
        List<String> parts = new ArrayList<>(List.of(template.split("(?=\\{)|(?<=})")));
        List<Arbitrary<String>> pieces = new ArrayList<>();
        for (String part : parts) {
            if (!part.startsWith("{")) {
                pieces.add(Arbitraries.just(part));
                continue;
            }
            String value = known.get(part.substring(1, part.length() - 1));
            Arbitrary<String> id = ids().map(Fuzz::encode);
            pieces.add(
                    value == null
                            ? id
                            : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(value)), Tuple.of(2, id)));
        }
        return Combinators.combine(pieces).as(list -> String.join("", list));
    }

    private static Arbitrary<String> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, uuids()),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "..",
                                ".",
                                "\u0000",
                                "a\u0000b",
                                "null",
                                "-1",
                                "0",
                                "9223372036854775808",
                                "krios-1",
                                " ",
                                "a/b",
                                "%2e%2e",
                                "ÿ",
                                "\uD83D\uDE00",
                                "' OR '1'='1")),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(190).ofMaxLength(9_000)));
    }

    private static Arbitrary<String> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) -> new UUID(a, b).toString());
    }

    private static Arbitrary<String> query(List<String> declared) {
        List<String> names = new ArrayList<>(declared);
        names.addAll(List.of("limit", "offset", "count", "x"));
        Arbitrary<String> pair =
                Combinators.combine(Arbitraries.of(names), queryValues()).as((n, v) -> encode(n) + "=" + encode(v));
        return pair.list().ofMaxSize(3).map(list -> list.isEmpty() ? "" : "?" + String.join("&", list));
    }

    private static Arbitrary<String> queryValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        "0",
                        "1",
                        "-1",
                        "10000",
                        "10001",
                        "9223372036854775807",
                        "9223372036854775808",
                        "1e3",
                        "2.5",
                        " 5",
                        "abc",
                        "\u0000",
                        "NaN"),
                Arbitraries.integers().between(-5, 20_000).map(String::valueOf),
                Arbitraries.strings().all().ofMaxLength(20));
    }

    /** Percent-encodes everything but unreserved characters, so that any string reaches the server. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------ bodies

    private static Arbitrary<String> contentTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just("application/json")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "text/plain",
                                "application/x-www-form-urlencoded",
                                "application/json; charset=utf-8",
                                "application/problem+json",
                                "multipart/form-data; boundary=x",
                                ";;",
                                "application/json; charset=utf-16")));
    }

    private static Arbitrary<String> rawBodies() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "{}xyz",
                        "{} {}",
                        "[]",
                        "null",
                        "true",
                        "1",
                        "\"x\"",
                        "{",
                        "}",
                        "{\"a\":}",
                        "[1,]",
                        "{\"uuid\":\"\u0000\"}",
                        "\uFEFF{}",
                        "{\"a\":1e400}",
                        "{\"a\":-1e400}",
                        "[".repeat(2_000) + "]".repeat(2_000),
                        "{\"items\":null}",
                        "{\"items\":{}}"),
                Arbitraries.strings().all().ofMaxLength(60));
    }

    /** A value shaped like {@code schema}: its properties (and others) with good and bad values. */
    private static Arbitrary<String> shaped(Shapes shapes, JsonNode schema, int depth) {
        JsonNode s = shapes.resolve(schema);
        if (s.path("type").asText().equals("array") && s.has("items") && depth < 3) {
            return shaped(shapes, s.get("items"), depth + 1)
                    .list()
                    .ofMaxSize(3)
                    .map(items -> "[" + String.join(",", items) + "]");
        }
        if (!s.has("properties") || depth >= 3) {
            return value(s);
        }
        List<Arbitrary<String>> fields = new ArrayList<>();
        s.get("properties").properties().forEach(p -> {
            Arbitrary<String> v = shaped(shapes, p.getValue(), depth + 1);
            fields.add(Arbitraries.frequencyOf(
                    Tuple.of(2, Arbitraries.just(NONE)), Tuple.of(3, v.map(x -> quote(p.getKey()) + ":" + x))));
        });
        Arbitrary<String> extra =
                Combinators.combine(Arbitraries.of(shapes.names()), nasty()).as((n, v) -> quote(n) + ":" + v);
        fields.add(Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(NONE)), Tuple.of(1, extra)));
        return Combinators.combine(fields)
                .as(list -> "{"
                        + String.join(
                                ",", list.stream().filter(x -> !NONE.equals(x)).toList()) + "}");
    }

    /** A value for a leaf of the schema: plausible for its type half the time, nasty otherwise. */
    private static Arbitrary<String> value(JsonNode schema) {
        return Arbitraries.oneOf(plausible(schema), nasty());
    }

    private static Arbitrary<String> plausible(JsonNode schema) {
        JsonNode s = schema;
        if (s.has("anyOf")) {
            s = s.get("anyOf").get(0);
        }
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.get("enum").forEach(v -> values.add(v.toString()));
            return Arbitraries.of(values);
        }
        String type = s.path("type").isArray()
                ? s.path("type").get(0).asText()
                : s.path("type").asText();
        String format = s.path("format").asText();
        return switch (type) {
            case "integer" -> Arbitraries.integers().between(-3, 5_000).map(String::valueOf);
            case "number" -> Arbitraries.doubles().between(-1e4, 1e4).map(String::valueOf);
            case "boolean" -> Arbitraries.of("true", "false");
            case "object" -> Arbitraries.of("{}", "{\"a\":1}");
            case "string" ->
                format.equals("date-time")
                        ? Arbitraries.of("2026-12-07T03:00:00Z", "2026-12-07T03:00:00.123+01:00")
                        : Arbitraries.oneOf(
                                        uuids(), Arbitraries.strings().alpha().ofMaxLength(12))
                                .map(Fuzz::quote);
            default -> nasty();
        };
    }

    /** Values that are wrong somewhere: type, range, length, encoding, time. */
    static Arbitrary<String> nasty() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "null",
                        "true",
                        "[]",
                        "{}",
                        "[null]",
                        "0",
                        "-1",
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "18446744073709551616",
                        "1e308",
                        "-1e308",
                        "1e400",
                        "4.9e-324",
                        "0.0",
                        "-0",
                        "2147483648",
                        "1.5"),
                Arbitraries.of(
                                "",
                                "\u0000",
                                "a\u0000b",
                                "x".repeat(201),
                                "x".repeat(1_001),
                                "x".repeat(4_001),
                                "é".repeat(3_000),
                                "\uD83D\uDE00".repeat(1_000),
                                "0000-01-01T00:00:00Z",
                                "-999999999-01-01T00:00:00Z",
                                "+999999999-12-31T23:59:59.999999999Z",
                                "2026-13-45T99:99:99Z",
                                "2026-12-07",
                                "1970-01-01T00:00:00+25:00",
                                "NaN",
                                "Infinity",
                                "../../etc/passwd",
                                "'; DROP TABLE grid; --")
                        .map(Fuzz::quote),
                Arbitraries.strings().all().ofMaxLength(30).map(Fuzz::quote),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "0"));
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
