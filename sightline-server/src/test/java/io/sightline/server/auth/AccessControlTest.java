package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every credential × every route class, and every caller × every agent route, over real HTTP, against the
 * server as {@code ServerApp} wires it (real data routes, streams, steering, token routes and /metrics; only
 * /debug/... and /whoami are stubs).
 */
class AccessControlTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestDatabase db;
    private static TokenStore tokens;
    private static TestServer server;
    private static final Map<String, String> SECRETS = new java.util.HashMap<>();

    /** One request per route class (two for write: data POST and DELETE). */
    enum Route {
        PUBLIC_HEALTH("GET", "/health"),
        PUBLIC_METRICS("GET", "/metrics"),
        READ_DATA("GET", "/acquisitions"),
        READ_STREAM("GET", "/api/v1/events/stream"),
        WRITE_CREATE("POST", "/acquisitions"),
        WRITE_DELETE("DELETE", "/acquisitions/a1"),
        ADMIN_TOKENS("GET", "/api/v1/tokens"),
        ADMIN_DEBUG("POST", "/debug/probe");

        final String method;
        final String path;

        Route(String method, String path) {
            this.method = method;
            this.path = path;
        }
    }

    /** Stub routes the server does not have: an admin-class debug endpoint and one that names the caller. */
    static void routes(Endpoints routes) {
        routes.post("/debug/probe", Operation.of("probe", ""), ctx -> ctx.result("ok"));
        routes.get(
                "/whoami",
                Operation.of("who am I", ""),
                ctx -> ctx.result(
                        AccessControl.principal(ctx).map(Principal::name).orElse("-")));
    }

    /** A valid new acquisition, so that an allowed POST /acquisitions answers 201. */
    static String newAcquisition() {
        return "{\"uuid\":\"" + java.util.UUID.randomUUID() + "\",\"name\":\"session\",\"status\":\"started\"}";
    }

    @BeforeAll
    static void start() {
        db = TestDatabase.h2();
        tokens = new TokenStore(db.dataSource());
        for (Role r : Role.values()) {
            SECRETS.put(
                    r.name(), tokens.create("t-" + r.name().toLowerCase(), r).secret());
        }
        SECRETS.put(
                "KRIOS_1",
                tokens.create("t-krios-1", Role.AGENT, List.of("krios-1")).secret());
        SECRETS.put(
                "KRIOS_2",
                tokens.create("t-krios-2", Role.AGENT, List.of("krios-2")).secret());
        SECRETS.put(
                "KRIOS_1_AND_3",
                tokens.create("t-krios-1-3", Role.AGENT, List.of("krios-3", "krios-1"))
                        .secret());
        SECRETS.put("REVOKED", tokens.create("t-revoked", Role.ADMIN).secret());
        tokens.revoke("t-revoked");
        SECRETS.put("BAD", TokenStore.PREFIX + "not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        // tokens exist, so the server is not open; /metrics is public as with AccessControl.Options.of(...)
        server = TestServer.start(db, c -> c.withMetricsPublic(true), b -> b.routes(AccessControlTest::routes));
    }

    @AfterAll
    static void stop() {
        server.close();
        db.close();
    }

    static int expected(String credential, Route route) {
        boolean isPublic = route.name().startsWith("PUBLIC");
        return switch (credential) {
            case "NONE" -> isPublic ? 200 : 401;
            case "BAD", "REVOKED" -> 401; // a presented credential is always checked
            default -> {
                Role role = Role.valueOf(credential);
                Role needed = switch (route.name().substring(0, route.name().indexOf('_'))) {
                    case "PUBLIC" -> Role.VIEWER;
                    case "READ" -> Role.VIEWER;
                    case "WRITE" -> Role.AGENT;
                    default -> Role.ADMIN;
                };
                if (!role.includes(needed)) {
                    yield 403;
                }
                // allowed: the route itself answers (DELETE of an acquisition that does not exist: 404)
                yield route == Route.WRITE_CREATE ? 201 : route == Route.WRITE_DELETE ? 404 : 200;
            }
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String credential : List.of("NONE", "BAD", "REVOKED", "VIEWER", "AGENT", "STEERING", "ADMIN")) {
            for (Route route : Route.values()) {
                out.add(Arguments.of(credential, route, expected(credential, route)));
            }
        }
        return out.stream();
    }

    /** Status, headers and body; an open event stream is answered by its status and headers only. */
    record Answer(int statusCode, java.net.http.HttpHeaders headers, String body) {}

    static Answer send(TestServer server, String method, String pathAndQuery, String secret) throws Exception {
        String body = method.equals("POST") && pathAndQuery.startsWith("/acquisitions") ? newAcquisition() : "{}";
        return send(server, method, pathAndQuery, secret, method.equals("POST") ? body : null);
    }

    /** Sends {@code body} (none when null) with the secret as bearer token (none when null). */
    static Answer send(TestServer server, String method, String pathAndQuery, String secret, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(pathAndQuery))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header("Authorization", "Bearer " + secret);
        }
        HttpResponse<InputStream> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            boolean stream = res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
            String text = stream ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Answer(res.statusCode(), res.headers(), text);
        }
    }

    private static Answer send(String method, String pathAndQuery, String secret) throws Exception {
        return send(server, method, pathAndQuery, secret);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("matrix")
    void eachRoleReachesExactlyItsRouteClasses(String credential, Route route, int status) throws Exception {
        Answer res = send(route.method, route.path, SECRETS.get(credential));
        assertThat(res.statusCode())
                .as("%s %s %s", credential, route.method, route.path)
                .isEqualTo(status);
        if (status == 401) {
            assertThat(res.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(res.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(res.body()).contains("\"status\":401");
        }
        if (status == 403) {
            assertThat(res.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(res.body()).contains("\"status\":403");
        }
    }

    @Test
    void streamsAcceptTheTokenAsAQueryParameterBecauseEventSourceCannotSendHeaders() throws Exception {
        assertThat(send("GET", "/api/v1/events/stream?access_token=" + SECRETS.get("VIEWER"), null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/acquisitions?access_token=" + SECRETS.get("VIEWER"), null)
                        .statusCode())
                .isEqualTo(401);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "//debug/probe", "/%64ebug/probe", "/DEBUG/probe",
                "/acquisitions/../debug/probe", "/./debug/probe", "/debug//probe"
            })
    void pathTricksDoNotTakeAnAdminRouteOutOfTheAdminClass(String path) throws Exception {
        Answer res = send("POST", path, SECRETS.get("AGENT"));
        assertThat(res.statusCode()).as(path).isNotIn(200, 201, 204);
    }

    @Test
    void canonicalPathsAreDecodedNormalisedAndLowerCase() {
        assertThat(AccessControl.canonical("//Debug/./x/../sessions/")).isEqualTo("/debug/sessions");
        assertThat(AccessControl.canonical("/%64ebug")).isEqualTo("/debug");
        assertThat(AccessControl.canonical("")).isEqualTo("/");
        assertThat(AccessControl.canonical("/a/%zz")).isEqualTo("/a/%zz");
    }

    @Test
    void theAllowedRequestKnowsItsPrincipal() throws Exception {
        assertThat(send("GET", "/whoami", SECRETS.get("AGENT")).body()).isEqualTo("t-agent");
    }

    @Test
    void adminsManageTokensOverHttpAndTheSecretIsShownOnlyOnce() throws Exception {
        String admin = SECRETS.get("ADMIN");
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(server.uri("/api/v1/tokens"))
                        .header("Authorization", "Bearer " + admin)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"krios-1\",\"role\":\"agent\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String secret = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(created.body())
                .get("token")
                .asText();
        assertThat(secret).startsWith("sl_").hasSize(46);
        assertThat(send("POST", "/acquisitions", secret).statusCode()).isEqualTo(201);

        Answer list = send("GET", "/api/v1/tokens", admin);
        assertThat(list.body())
                .contains("\"name\":\"krios-1\"")
                .doesNotContain(secret)
                .doesNotContain("token_hash");

        assertThat(send("DELETE", "/api/v1/tokens/krios-1", admin).statusCode()).isEqualTo(204);
        assertThat(send("POST", "/acquisitions", secret).statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v1/tokens/krios-1", admin).statusCode()).isEqualTo(404);
    }

    // ---- agent routes: an agent token acts only for its own agent ids

    /** Every route that acts for the agent in its path, with a body the route accepts. */
    enum AgentRoute {
        SESSIONS("POST", "/agent/%1$s/sessions", "{}", 201),
        STREAM("GET", "/agent/%1$s/session/%2$s/instructions/stream", null, 200),
        ACK("POST", "/agent/%1$s/session/%2$s/instructions/%3$s/ack", "{\"status\":\"received\"}", 200),
        HEARTBEAT("POST", "/agent/%1$s/session/%2$s/heartbeat", "{}", 200),
        LOGS(
                "POST",
                "/agent/%1$s/session/%2$s/logs",
                "{\"logs\":[{\"timestamp\":\"2025-05-01T10:00:00Z\",\"level\":\"INFO\",\"logger_name\":\"a\","
                        + "\"message\":\"hello\"}]}",
                200);

        final String method;
        final String path;
        final String body;
        final int allowed;

        AgentRoute(String method, String path, String body, int allowed) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.allowed = allowed;
        }

        String path(String agentId, Target target) {
            return path.formatted(agentId, target.sessionId(), target.instructionId());
        }
    }

    /** A session of an agent, made by an admin, with one instruction sent and not yet acknowledged. */
    record Target(String agentId, String sessionId, String instructionId) {
        static Target of(String agentId) throws Exception {
            String admin = SECRETS.get("ADMIN");
            Answer session = send("POST", "/agent/" + agentId + "/sessions", admin, "{}");
            assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
            String sessionId = JSON.readTree(session.body()).get("session_id").asText();
            Answer instruction = send(
                    "POST",
                    "/agent/" + agentId + "/session/" + sessionId + "/instructions",
                    admin,
                    "{\"instruction_type\":\"t.probe\"}");
            assertThat(instruction.statusCode()).as(instruction.body()).isEqualTo(201);
            // delivered once (by an admin's stream), so that it can be acknowledged
            try (var stream = io.sightline.server.testing.SseRecorder.open(
                    server.uri("/agent/" + agentId + "/session/" + sessionId + "/instructions/stream"),
                    Map.of("Authorization", "Bearer " + admin))) {
                awaitInstructions(stream, 1);
            }
            return new Target(
                    agentId,
                    sessionId,
                    JSON.readTree(instruction.body()).get("instruction_id").asText());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static Answer send(String method, String path, String secret, String body) throws Exception {
        return send(server, method, path, secret, body);
    }

    /** The answer of a caller on an agent route of krios-2, and the reason a refusal must give. */
    static Stream<Arguments> agentMatrix() {
        List<Arguments> out = new ArrayList<>();
        for (AgentRoute route : AgentRoute.values()) {
            out.add(Arguments.of(route, "KRIOS_2", route.allowed, null));
            out.add(Arguments.of(route, "ADMIN", route.allowed, null));
            out.add(Arguments.of(
                    route, "KRIOS_1", 403, "token 't-krios-1' acts for agent krios-1 only, not for 'krios-2'"));
            out.add(Arguments.of(
                    route,
                    "KRIOS_1_AND_3",
                    403,
                    "token 't-krios-1-3' acts for agents krios-1, krios-3 only, not for 'krios-2'"));
            out.add(Arguments.of(route, "STEERING", 403, "role steering may not do this"));
            out.add(Arguments.of(route, "VIEWER", 403, "role viewer may not do this"));
            out.add(Arguments.of(route, "NONE", 401, "needs a bearer token"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} on {0} of krios-2 -> {2}")
    @MethodSource("agentMatrix")
    void onEveryAgentRouteACallerActsOnlyForItsOwnAgents(AgentRoute route, String credential, int status, String why)
            throws Exception {
        Target krios2 = Target.of("krios-2");
        int sessionsBefore = server.running().steering().sessions().size();
        Answer res = send(route.method, route.path("krios-2", krios2), SECRETS.get(credential), route.body);
        assertThat(res.statusCode())
                .as("%s %s: %s", credential, route, res.body())
                .isEqualTo(status);
        if (why != null) {
            assertThat(res.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(JSON.readTree(res.body()).get("detail").asText()).contains(why);
            // refused before the route ran: nothing of krios-2's changed
            assertThat(server.running().steering().sessions()).hasSize(sessionsBefore);
            assertThat(server.running().steering().logCount(krios2.sessionId())).isZero();
            assertThat(server.running()
                            .steering()
                            .instructions(krios2.sessionId())
                            .getFirst()
                            .ackStatus())
                    .isNull();
        }
    }

    @Test
    void aRefusedStreamDoesNotReplaceTheAgentsOwn() throws Exception {
        Target krios2 = Target.of("krios-2");
        String path = AgentRoute.STREAM.path("krios-2", krios2);
        try (io.sightline.server.testing.SseRecorder own = io.sightline.server.testing.SseRecorder.open(
                server.uri(path), Map.of("Authorization", "Bearer " + SECRETS.get("KRIOS_2")))) {
            assertThat(own.status()).isEqualTo(200);
            awaitInstructions(own, 1);
            assertThat(send("GET", path, SECRETS.get("KRIOS_1"), null).statusCode())
                    .isEqualTo(403);
            assertThat(server.running().steering().activeConnections())
                    .filteredOn(c -> c.sessionId().equals(krios2.sessionId()))
                    .hasSize(1);
            send(
                    "POST",
                    "/agent/krios-2/session/" + krios2.sessionId() + "/instructions",
                    SECRETS.get("ADMIN"),
                    "{\"instruction_type\":\"t.after\"}");
            awaitInstructions(own, 2);
        }
    }

    private static void awaitInstructions(io.sightline.server.testing.SseRecorder stream, int count) {
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(10))
                .until(() -> stream.messages().stream()
                                .filter(m -> "instruction".equals(m.event()))
                                .count()
                        >= count);
    }

    @Test
    void anAgentTokenNamingSeveralAgentsActsForEachOfThem() throws Exception {
        String token = SECRETS.get("KRIOS_1_AND_3");
        assertThat(send("POST", "/agent/krios-1/sessions", token, "{}").statusCode())
                .isEqualTo(201);
        assertThat(send("POST", "/agent/krios-3/sessions", token, "{}").statusCode())
                .isEqualTo(201);
    }

    @Test
    void anAgentTokenNamingNoAgentBindsToTheFirstAgentItActsForAndKeepsIt() throws Exception {
        String token = tokens.create("t-unbound", Role.AGENT).secret();
        assertThat(tokens.verify(token).orElseThrow().agentIds()).isEmpty();
        assertThat(send("POST", "/agent/krios-7/sessions", token, "{}").statusCode())
                .isEqualTo(201);
        Answer second = send("POST", "/agent/krios-8/sessions", token, "{}");
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(second.body()).get("detail").asText())
                .isEqualTo("token 't-unbound' acts for agent krios-7 only, not for 'krios-8'");
        assertThat(tokens.verify(token).orElseThrow().agentIds()).containsExactly("krios-7");
        // ingesting does not bind: only acting for an agent does
        String fresh = tokens.create("t-unbound-ingest", Role.AGENT).secret();
        assertThat(send("POST", "/acquisitions", fresh).statusCode()).isEqualTo(201);
        assertThat(tokens.verify(fresh).orElseThrow().agentIds()).isEmpty();
    }
}
