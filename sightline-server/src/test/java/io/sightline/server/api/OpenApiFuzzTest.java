package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes every route of the OpenAPI description, on H2 and on PostgreSQL: generated path ids, query
 * strings, bodies and content types, meant to be wrong in the ways clients get things wrong (and the
 * ways attackers do). Whatever is sent, the answer is never a 5xx, and every 4xx is
 * application/problem+json, never an HTML page. Seeded and bounded: a fixed number of tries.
 */
class OpenApiFuzzTest {
    private static final int TRIES = 1_000;
    private static final String SEED = "20261207";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Target h2;
    private static Target postgres;
    private static List<Fuzz.Operation> operations;

    /**
     * A running server, the admin token that lets every route run to its checks, and an entity of every
     * kind (and an agent session) for the generated paths to name, so that requests get past "unknown
     * uuid" to the checks of their bodies and the writes.
     */
    private record Target(TestServer server, String token, HttpClient http, Map<String, String> known) {}

    @BeforeContainer
    static void start() {
        h2 = target(TestDatabase.h2());
        postgres = target(TestDatabase.postgres());
        operations = Fuzz.operations(h2.server().get("/openapi.json").json());
        assertThat(operations).hasSizeGreaterThan(50);
    }

    private static Target target(TestDatabase database) {
        TestServer server = TestServer.start(database);
        ApiFixtures f = new ApiFixtures().micrograph(server).atlasWithTile(server);
        Map<String, String> known = new HashMap<>(Map.of(
                "acquisition_uuid", f.acquisition,
                "grid_uuid", f.grid,
                "atlas_uuid", f.atlas,
                "tile_uuid", f.tile,
                "gridsquare_uuid", f.square,
                "foilhole_uuid", f.hole,
                "micrograph_uuid", f.micrograph,
                "agent_id", "krios-1"));
        TestServer.Response session = server.post("/agent/krios-1/sessions", "{}");
        assertThat(session.status()).isEqualTo(201);
        known.put("session_id", session.json().get("session_id").asText());
        // a token, so that a token the fuzzer happens to create cannot lock it out of the API
        String token =
                server.running().tokens().create("fuzz-admin", Role.ADMIN).secret();
        return new Target(
                server,
                token,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                Map.copyOf(known));
    }

    @AfterContainer
    static void stop() {
        for (Target t : new Target[] {h2, postgres}) {
            if (t != null) {
                t.server().close();
            }
        }
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerOnH2IsSuccessOrAProblem(@ForAll("onH2") Fuzz.Request request) throws Exception {
        check(h2, request);
    }

    @Property(tries = TRIES, seed = SEED, shrinking = ShrinkingMode.BOUNDED, edgeCases = EdgeCasesMode.NONE)
    void everyAnswerOnPostgresIsSuccessOrAProblem(@ForAll("onPostgres") Fuzz.Request request) throws Exception {
        check(postgres, request);
    }

    @Provide
    Arbitrary<Fuzz.Request> onH2() {
        return Arbitraries.of(operations).flatMap(op -> Fuzz.requests(op, h2.known()));
    }

    @Provide
    Arbitrary<Fuzz.Request> onPostgres() {
        return Arbitraries.of(operations).flatMap(op -> Fuzz.requests(op, postgres.known()));
    }

    static void check(Target target, Fuzz.Request request) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + target.server().port() + request.target()))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + target.token())
                .method(
                        request.method(),
                        request.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        HttpResponse<InputStream> response =
                target.http().send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            // a stream that was opened goes on for ever: its headers are the answer
            body = contentType.startsWith("text/event-stream")
                    ? ""
                    : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = response.statusCode();
        // shows in the report how deep the generated requests got (2xx: past every check)
        Statistics.label("answers").collect(status / 100 + "xx");
        Statistics.label("detail").collect(request.method() + " " + status);
        Statistics.label("route")
                .collect(request.target().replaceAll("[?].*", "").replaceAll("/[^/]{30,}", "/ID"));
        String what = request + " -> " + status + " " + contentType + " " + abbreviate(body);
        assertThat(status).as(what).isLessThan(500);
        if (status >= 400) {
            // an error page in HTML is what the server must never answer
            assertThat(contentType.toLowerCase(Locale.ROOT)).as(what).doesNotContain("html");
            assertThat(contentType).as(what).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(body);
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
            assertThat(problem.path("detail").asText()).as(what).isNotBlank();
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 600 ? body.substring(0, 600) + "..." : body;
    }

    /** The operations of the description the fuzzer covers (every one), checked to be in it. */
    @net.jqwik.api.Example
    void theFuzzerCoversEveryDescribedOperation() {
        List<String> described = new ArrayList<>();
        h2.server()
                .get("/openapi.json")
                .json()
                .get("paths")
                .properties()
                .forEach(p -> p.getValue()
                        .fieldNames()
                        .forEachRemaining(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertThat(operations.stream().map(o -> o.method() + " " + o.path()).toList())
                .containsExactlyInAnyOrderElementsOf(described);
    }
}
