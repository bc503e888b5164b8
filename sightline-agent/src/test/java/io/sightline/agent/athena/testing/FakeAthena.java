package io.sightline.agent.athena.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of EPU's Athena Decision Service for tests, built from its published contract
 * ({@code ../shared/contracts/athena-decision-service-openapi.json}) on the JDK's HTTP server, port 0.
 * It implements what the agent uses: {@code POST /api/v1/Session}, {@code GET /api/v1/Session/{id}/IsRegistered},
 * {@code POST /api/v1/Area}, {@code POST|PUT /api/v1/Areas}, {@code POST /api/v1/Decision},
 * {@code POST /api/v1/Decisions}, {@code GET /api/v1/Session/{id}/Decisions}; it records what it accepted
 * and rejects what the contract rejects, answering {@code ProblemDetails}:
 * <ul>
 *   <li>a property the schema does not name (every schema has {@code additionalProperties: false}), a value
 *       of the wrong type or format (uuid, int32, date-time), an enum value outside the enum, malformed
 *       JSON → 400;
 *   <li>a session without a name, or areas without a session id → 400; an empty decision list → 400;
 *   <li>a {@code foilHoleSelection} decision that is not on a grid square, or whose {@code decisionValue} is
 *       not the contract's shape (the sample of {@code GET /api/v1/Session/{id}/TimedDecision}: a JSON list
 *       of {@code {"areaId": int32, "result": "true"|"false"}}, each a foil hole registered under that
 *       square) → 400;
 *   <li>a session id or name registered before → 409; {@code POST} of an area registered before → 409;
 *   <li>areas of an unregistered session → 404; a decision ({@code /Decision}) for an unregistered
 *       session or area → 404; the same in a batch ({@code /Decisions}) → 409, as the contract states.
 * </ul>
 * Thread-safe (every handler synchronized on the fake).
 */
public final class FakeAthena implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SESSION_SUB = Pattern.compile("/api/v1/Session/([^/]+)/(IsRegistered|Decisions)");

    private enum Kind {
        UUID_TEXT,
        INT32,
        TEXT,
        DATE_TIME,
        GRID_TYPE,
        AREA_TYPE,
        DECISION_TYPE,
        PLUGIN_TYPE
    }

    private record Field(Kind kind, boolean nullable) {}

    private static final Map<String, Field> SESSION = Map.of(
            "sessionId",
            new Field(Kind.UUID_TEXT, false),
            "sessionName",
            new Field(Kind.TEXT, true),
            "athenaId",
            new Field(Kind.TEXT, true),
            "timestamp",
            new Field(Kind.DATE_TIME, false),
            "gridType",
            new Field(Kind.GRID_TYPE, false));
    private static final Map<String, Field> AREA = Map.of(
            "id",
            new Field(Kind.INT32, false),
            "sessionId",
            new Field(Kind.UUID_TEXT, false),
            "areaType",
            new Field(Kind.AREA_TYPE, false),
            "parentId",
            new Field(Kind.INT32, true));
    private static final Map<String, Field> DECISION = Map.of(
            "id",
            new Field(Kind.UUID_TEXT, false),
            "sessionId",
            new Field(Kind.UUID_TEXT, false),
            "areaId",
            new Field(Kind.INT32, false),
            "decisionType",
            new Field(Kind.DECISION_TYPE, false),
            "pluginType",
            new Field(Kind.PLUGIN_TYPE, false),
            "decisionValue",
            new Field(Kind.TEXT, true),
            "decidedBy",
            new Field(Kind.TEXT, true),
            "details",
            new Field(Kind.TEXT, true),
            "timestamp",
            new Field(Kind.DATE_TIME, false));
    private static final Map<Kind, Set<String>> ENUMS = Map.of(
            Kind.GRID_TYPE, Set.of("HoleyCarbon", "HoleyGold", "LaceyCarbon"),
            Kind.AREA_TYPE, Set.of("gridsquare", "foilhole", "atlas", "particle"),
            Kind.DECISION_TYPE,
                    Set.of(
                            "include",
                            "focus",
                            "stageWaitingTime",
                            "acquisitionOrder",
                            "foilHoleSelection",
                            "gridSquareSelection",
                            "iceThicknessFoilHolePrediction",
                            "automaticFoilHoleFinding"),
            Kind.PLUGIN_TYPE, Set.of("default", "custom", "dummy"));

    /** One rejected request: what it was and the problem answered. */
    public record Rejection(String method, String path, int status, String detail) {}

    private final HttpServer server;
    private final Map<String, ObjectNode> sessions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> areas = new LinkedHashMap<>();
    private final List<ObjectNode> decisions = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();

    private FakeAthena(HttpServer server) {
        this.server = server;
    }

    /** Starts a fake on a free loopback port. */
    public static FakeAthena start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeAthena fake = new FakeAthena(server);
        server.setExecutor(Executors.newCachedThreadPool(
                r -> Thread.ofPlatform().daemon().name("fake-athena").unstarted(r)));
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort());
    }

    /** Sessions registered, in order. */
    public synchronized List<JsonNode> sessions() {
        return List.copyOf(sessions.values());
    }

    /** Areas registered (the latest version of each), in order of first registration. */
    public synchronized List<JsonNode> areas() {
        return List.copyOf(areas.values());
    }

    /** Decisions accepted, in order of arrival. */
    public synchronized List<JsonNode> decisions() {
        return List.copyOf(decisions);
    }

    public synchronized List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /** Registers a session directly, as EPU would have. */
    public synchronized void registerSession(UUID sessionId, String name) {
        ObjectNode s =
                MAPPER.createObjectNode().put("sessionId", sessionId.toString()).put("sessionName", name);
        sessions.put(sessionId.toString(), s);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A client mistake: answered as ProblemDetails with this status. */
    private static final class Problem extends Exception {
        final int status;

        Problem(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            try {
                JsonNode answer = route(method, path, raw);
                if (answer == null) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    send(exchange, method.equals("GET") ? 200 : 201, "application/json", answer);
                }
            } catch (Problem p) {
                rejections.add(new Rejection(method, path, p.status, p.getMessage()));
                ObjectNode body = MAPPER.createObjectNode()
                        .put("type", "https://tools.ietf.org/html/rfc9110")
                        .put("title", title(p.status))
                        .put("status", p.status)
                        .put("detail", p.getMessage())
                        .put("instance", path);
                send(exchange, p.status, "application/problem+json", body);
            }
        }
    }

    private JsonNode route(String method, String path, byte[] raw) throws Problem {
        Matcher sub = SESSION_SUB.matcher(path);
        if (method.equals("GET") && sub.matches()) {
            String id = sub.group(1);
            if (sub.group(2).equals("IsRegistered")) {
                return MAPPER.getNodeFactory().booleanNode(sessions.containsKey(id));
            }
            if (!sessions.containsKey(id)) {
                throw new Problem(404, "session " + id + " is not registered");
            }
            ArrayNode out = MAPPER.createArrayNode();
            decisions.stream()
                    .filter(d -> d.get("sessionId").asText().equals(id))
                    .forEach(out::add);
            return out;
        }
        return switch (method + " " + path) {
            case "POST /api/v1/Session" -> postSession(object(parse(raw), SESSION, "Session"));
            case "POST /api/v1/Area" -> {
                postAreas(List.of(object(parse(raw), AREA, "Area")), false);
                yield areas.get(areaKey(parse(raw)));
            }
            case "POST /api/v1/Areas" -> postAreas(list(parse(raw), AREA, "Area"), false);
            case "PUT /api/v1/Areas" -> {
                postAreas(list(parse(raw), AREA, "Area"), true);
                yield null;
            }
            case "POST /api/v1/Decision" -> {
                ObjectNode d = object(parse(raw), DECISION, "DecisionRecord");
                checkDecisionTargets(List.of(d), 404);
                decisions.add(d);
                yield d;
            }
            case "POST /api/v1/Decisions" -> {
                List<ObjectNode> ds = list(parse(raw), DECISION, "DecisionRecord");
                if (ds.isEmpty()) {
                    throw new Problem(400, "the decision collection is empty");
                }
                checkDecisionTargets(ds, 409);
                decisions.addAll(ds);
                ArrayNode out = MAPPER.createArrayNode();
                ds.forEach(out::add);
                yield out;
            }
            default -> throw new Problem(404, "no such operation in the fake: " + method + " " + path);
        };
    }

    private JsonNode postSession(ObjectNode s) throws Problem {
        String name = s.path("sessionName").asText("");
        if (name.isBlank()) {
            throw new Problem(400, "the session name is invalid or empty");
        }
        if (!s.hasNonNull("sessionId")) {
            s.put("sessionId", UUID.randomUUID().toString());
        }
        String id = s.get("sessionId").asText();
        boolean nameTaken = sessions.values().stream()
                .anyMatch(o -> o.path("sessionName").asText().equals(name));
        if (sessions.containsKey(id) || nameTaken) {
            throw new Problem(409, "a session with id " + id + " or name '" + name + "' is already registered");
        }
        sessions.put(id, s);
        return s;
    }

    private JsonNode postAreas(List<ObjectNode> list, boolean upsert) throws Problem {
        for (ObjectNode a : list) {
            if (!a.hasNonNull("sessionId")) {
                throw new Problem(400, "the application session id is not filled in");
            }
            if (!a.hasNonNull("id")) {
                throw new Problem(400, "the area id is not filled in");
            }
            if (!sessions.containsKey(a.get("sessionId").asText())) {
                throw new Problem(404, "session " + a.get("sessionId").asText() + " is not registered");
            }
            if (!upsert && areas.containsKey(areaKey(a))) {
                throw new Problem(409, "area " + a.get("id").asInt() + " is already registered");
            }
        }
        list.forEach(a -> areas.put(areaKey(a), a));
        ArrayNode out = MAPPER.createArrayNode();
        list.forEach(out::add);
        return out;
    }

    private void checkDecisionTargets(List<ObjectNode> ds, int status) throws Problem {
        for (ObjectNode d : ds) {
            if (!d.hasNonNull("sessionId")
                    || !sessions.containsKey(d.get("sessionId").asText())) {
                throw new Problem(status, "session " + d.path("sessionId").asText("(none)") + " is not registered");
            }
            if (!d.hasNonNull("areaId")
                    || !areas.containsKey(
                            areaKey(d.get("sessionId").asText(), d.get("areaId").asInt()))) {
                throw new Problem(
                        status,
                        "area " + d.path("areaId").asText("(none)") + " is not registered in session "
                                + d.get("sessionId").asText());
            }
            if (!d.hasNonNull("decisionType")) {
                throw new Problem(400, "decisionType is required");
            }
            if (d.get("decisionType").asText().equals("foilHoleSelection")) {
                checkFoilHoleSelection(d);
            }
        }
    }

    private void checkFoilHoleSelection(ObjectNode d) throws Problem {
        String session = d.get("sessionId").asText();
        int square = d.get("areaId").asInt();
        if (!areas.get(areaKey(session, square)).path("areaType").asText().equals("gridsquare")) {
            throw new Problem(400, "a foilHoleSelection decision is on a grid square; area " + square + " is not one");
        }
        JsonNode value;
        try {
            value = MAPPER.readTree(d.path("decisionValue").asText(""));
        } catch (IOException e) {
            value = null;
        }
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new Problem(
                    400,
                    "foilHoleSelection decisionValue must be a JSON list of {areaId, result}, not "
                            + d.get("decisionValue"));
        }
        for (JsonNode hole : value) {
            if (!hole.isObject()
                    || hole.size() != 2
                    || !hole.path("areaId").isIntegralNumber()
                    || !hole.path("areaId").canConvertToInt()
                    || !(hole.path("result").asText().equals("true")
                            || hole.path("result").asText().equals("false"))
                    || !hole.path("result").isTextual()) {
                throw new Problem(
                        400,
                        "foilHoleSelection entry " + hole
                                + " is not {\"areaId\": int32, \"result\": \"true\"|\"false\"}");
            }
            ObjectNode area = areas.get(areaKey(session, hole.get("areaId").asInt()));
            if (area == null
                    || !area.path("areaType").asText().equals("foilhole")
                    || area.path("parentId").asInt() != square) {
                throw new Problem(
                        400, "foil hole " + hole.get("areaId") + " is not registered under grid square " + square);
            }
        }
    }

    private static String areaKey(JsonNode area) {
        return areaKey(area.path("sessionId").asText(), area.path("id").asInt());
    }

    private static String areaKey(String session, int id) {
        return session + "/" + id;
    }

    private static JsonNode parse(byte[] raw) throws Problem {
        try {
            JsonNode n = MAPPER.readTree(raw);
            if (n == null) {
                throw new Problem(400, "a request body is required");
            }
            return n;
        } catch (IOException e) {
            throw new Problem(
                    400, "malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static List<ObjectNode> list(JsonNode json, Map<String, Field> schema, String name) throws Problem {
        if (!json.isArray()) {
            throw new Problem(400, "expected an array of " + name);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode item : json) {
            out.add(object(item, schema, name));
        }
        return out;
    }

    private static ObjectNode object(JsonNode json, Map<String, Field> schema, String name) throws Problem {
        if (!json.isObject()) {
            throw new Problem(400, "expected a " + name + " object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field f = schema.get(e.getKey());
            if (f == null) {
                throw new Problem(
                        400, "'" + e.getKey() + "' is not a property of " + name + " (additionalProperties is false)");
            }
            check(name + "." + e.getKey(), f, e.getValue());
        }
        return (ObjectNode) json.deepCopy();
    }

    private static void check(String where, Field f, JsonNode v) throws Problem {
        if (v.isNull()) {
            if (!f.nullable()) {
                throw new Problem(400, where + " must not be null");
            }
            return;
        }
        boolean ok = switch (f.kind()) {
            case UUID_TEXT -> v.isTextual() && isUuid(v.asText());
            case INT32 -> v.isIntegralNumber() && v.canConvertToInt();
            case TEXT -> v.isTextual();
            case DATE_TIME -> v.isTextual() && isDateTime(v.asText());
            default -> v.isTextual() && ENUMS.get(f.kind()).contains(v.asText());
        };
        if (!ok) {
            throw new Problem(
                    400,
                    where + ": " + v + " is not a valid " + f.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + (ENUMS.containsKey(f.kind())
                                    ? " (one of " + new java.util.TreeSet<>(ENUMS.get(f.kind())) + ")"
                                    : ""));
        }
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Error";
        };
    }

    private static void send(HttpExchange exchange, int status, String type, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
