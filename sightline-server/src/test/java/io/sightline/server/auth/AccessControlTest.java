package io.sightline.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.config.RoutesConfig;
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
 * Every credential × every route class, over real HTTP, against the server as {@code ServerApp} wires
 * it (real data routes, streams, token routes and /metrics; only /debug/... and /whoami are stubs).
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
    static void routes(RoutesConfig routes) {
        routes.post("/debug/probe", ctx -> ctx.result("ok"));
        routes.get(
                "/whoami",
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
                if (role.compareTo(needed) < 0) {
                    yield 403;
                }
                // allowed: the route itself answers (DELETE of an acquisition that does not exist: 404)
                yield route == Route.WRITE_CREATE ? 201 : route == Route.WRITE_DELETE ? 404 : 200;
            }
        };
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String credential : List.of("NONE", "BAD", "REVOKED", "VIEWER", "AGENT", "ADMIN")) {
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
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(pathAndQuery))
                .method(
                        method,
                        method.equals("POST")
                                ? HttpRequest.BodyPublishers.ofString(body)
                                : HttpRequest.BodyPublishers.noBody());
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
}
