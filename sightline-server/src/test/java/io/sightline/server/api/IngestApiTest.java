package io.sightline.server.api;

import static io.sightline.server.api.ApiFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.ids.EntityUuids;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.WireField;
import io.sightline.server.testing.BadValues;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** POST /api/v1/ingest on H2 and PostgreSQL. */
class IngestApiTest {
    private final ApiFixtures f = new ApiFixtures();

    private static TestServer.Response ingest(TestServer server, String key, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(body)));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return server.send(request);
    }

    /** A whole chain, children listed before parents to show that order in the batch does not matter. */
    private List<Map<String, Object>> chain() {
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(map("kind", "micrograph", "uuid", f.micrograph, "foilhole_uuid", f.hole, "micrograph_id", "D1"));
        items.add(map("kind", "foilhole", "uuid", f.hole, "gridsquare_uuid", f.square, "foilhole_id", "7"));
        items.add(map(
                "kind",
                "atlas_tile_gridsquare_position",
                "atlastile_uuid",
                f.tile,
                "gridsquare_uuid",
                f.square,
                "center_x",
                1,
                "center_y",
                2,
                "size_width",
                3,
                "size_height",
                4));
        items.add(map("kind", "gridsquare", "uuid", f.square, "grid_uuid", f.grid, "gridsquare_id", "1001"));
        items.add(map("kind", "atlas_tile", "uuid", f.tile, "atlas_uuid", f.atlas, "tile_id", "T1"));
        items.add(map("kind", "atlas", "uuid", f.atlas, "grid_uuid", f.grid, "name", "Atlas"));
        items.add(map("kind", "grid", "uuid", f.grid, "acquisition_uuid", f.acquisition, "name", "Grid_1"));
        items.add(map("kind", "acquisition", "uuid", f.acquisition, "name", "session"));
        return items;
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void mixedBatchIsAppliedParentsFirstWithPerItemResults(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            TestServer.Response response = ingest(server, "k1", map("items", chain()));

            assertThat(response.status()).isEqualTo(200);
            JsonNode results = response.json().get("results");
            assertThat(results).hasSize(8);
            results.forEach(
                    r -> assertThat(r.get("result").asText()).as(r.toString()).isEqualTo("created"));
            assertThat(results.get(2).get("uuid").asText()).isEqualTo(EntityUuids.position(f.tile, f.square));
            assertThat(response.json().get("summary").get("created").asInt()).isEqualTo(8);
            assertThat(server.get("/micrographs/" + f.micrograph)
                            .json()
                            .get("foilhole_uuid")
                            .asText())
                    .isEqualTo(f.hole);
            assertThat(server.events().types()).hasSize(8).startsWith("acquisition.created", "grid.created");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void sameKeyAndBodyReplaysTheStoredAnswerWithoutWriting(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            TestServer.Response first = ingest(server, "k1", map("items", chain()));
            int events = server.events().events().size();

            TestServer.Response again = ingest(server, "k1", map("items", chain()));

            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(server.events().events()).hasSize(events);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void newKeyWithSameEntitiesReportsUnchangedAndChangedOnesUpdated(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            ingest(server, "k1", map("items", chain()));
            List<Map<String, Object>> items = chain();
            items.set(
                    3,
                    map(
                            "kind",
                            "gridsquare",
                            "uuid",
                            f.square,
                            "grid_uuid",
                            f.grid,
                            "gridsquare_id",
                            "1001",
                            "selected",
                            true));
            server.events().clear();

            JsonNode results = ingest(server, "k2", map("items", items)).json().get("results");

            assertThat(results.get(3).get("result").asText()).isEqualTo("updated");
            assertThat(results.get(0).get("result").asText()).isEqualTo("unchanged");
            assertThat(server.events().types()).containsExactly("gridsquare.updated");
        }
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        try (TestServer server = TestServer.start()) {
            ingest(server, "k1", map("items", chain()));
            TestServer.Response response = ingest(server, "k1", map("items", List.of()));
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void missingIdempotencyKeyIs400() {
        try (TestServer server = TestServer.start()) {
            assertThat(ingest(server, null, map("items", chain())).status()).isEqualTo(400);
            assertThat(server.get("/acquisitions").json()).isEmpty();
        }
    }

    @Test
    void badItemsAreReportedAndTheRestIsApplied() {
        try (TestServer server = TestServer.start()) {
            String orphan = UUID.randomUUID().toString();
            List<Map<String, Object>> items = List.of(
                    map("kind", "acquisition", "uuid", f.acquisition),
                    map("kind", "spaceship", "uuid", UUID.randomUUID().toString()),
                    map("kind", "grid", "uuid", f.grid, "acquisition_uuid", f.acquisition),
                    map(
                            "kind",
                            "gridsquare",
                            "uuid",
                            orphan,
                            "grid_uuid",
                            UUID.randomUUID().toString(),
                            "gridsquare_id",
                            "1"));

            JsonNode answer = ingest(server, "k1", map("items", items)).json();

            JsonNode results = answer.get("results");
            assertThat(results.get(0).get("result").asText()).isEqualTo("created");
            assertThat(results.get(1).get("result").asText()).isEqualTo("error");
            assertThat(results.get(1).get("status").asInt()).isEqualTo(422);
            assertThat(results.get(2).get("status").asInt()).isEqualTo(422);
            assertThat(results.get(2).get("reason").asText()).contains("name");
            assertThat(results.get(3).get("status").asInt()).isEqualTo(404);
            assertThat(answer.get("summary").get("error").asInt()).isEqualTo(3);
            assertThat(server.get("/acquisitions/" + f.acquisition).status()).isEqualTo(200);
        }
    }

    /**
     * A batch of the good chain and, for every field of every kind, one item per value the field cannot
     * take (a detector name over 200 characters among them, as the 250-character DetectorCommercialName of
     * a real manifest was, once a 500 for the whole batch): each bad item is answered 422 naming its index
     * and field, the chain is applied, nothing of the bad items is.
     */
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void itemsWithValuesNoColumnCanHoldAre422NamingIndexAndFieldAndTheRestIsApplied(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            Map<String, String> parents = Map.of(
                    "acquisition_uuid", f.acquisition,
                    "grid_uuid", f.grid,
                    "atlas_uuid", f.atlas,
                    "atlastile_uuid", f.tile,
                    "gridsquare_uuid", f.square,
                    "foilhole_uuid", f.hole);
            StringJoiner items = new StringJoiner(",", "[", "]");
            chain().forEach(item -> items.add(TestServer.toJson(item)));
            Map<Integer, String> expected = new LinkedHashMap<>();
            int index = chain().size();
            for (EntityType type : EntityType.values()) {
                for (WireField field : type.fields()) {
                    for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                        StringJoiner item = new StringJoiner(",", "{", "}");
                        item.add("\"kind\":\"" + type.wireName() + "\"");
                        if (type.uuidOnWire()) {
                            item.add("\"uuid\":\"" + UUID.randomUUID() + "\"");
                        }
                        for (WireField other : type.fields()) {
                            String value = other == field
                                    ? bad.json()
                                    : parents.containsKey(other.wireName())
                                            ? "\"" + parents.get(other.wireName()) + "\""
                                            : BadValues.good(other.spec().type());
                            item.add("\"" + other.wireName() + "\":" + value);
                        }
                        items.add(item.toString());
                        expected.put(index++, field.wireName() + " " + bad.what());
                    }
                }
            }

            TestServer.Response response = ingest(server, "k1", "{\"items\":" + items + "}");

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode results = response.json().get("results");
            for (int i = 0; i < chain().size(); i++) {
                assertThat(results.get(i).get("result").asText()).isEqualTo("created");
            }
            expected.forEach((i, what) -> {
                JsonNode result = results.get(i);
                assertThat(result.get("status").asInt())
                        .as(what + ": " + result)
                        .isEqualTo(422);
                assertThat(result.get("reason").asText())
                        .as(what)
                        .startsWith("body.items." + i + "." + what.substring(0, what.indexOf(' ')) + ": ");
            });
            assertThat(response.json().get("summary").get("error").asInt()).isEqualTo(expected.size());
            assertThat(server.get("/micrographs").json()).hasSize(1);
            assertThat(server.get("/gridsquares").json()).hasSize(1);
            assertThat(server.get("/acquisitions").json()).hasSize(1);
            assertThat(server.events().types()).hasSize(chain().size());
        }
    }

    @Test
    void statusAdvertisesIngest() {
        try (TestServer server = TestServer.start()) {
            TestServer.Response status = server.get("/status");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.json().get("features").toString()).contains("ingest-v1");
        }
    }

    @Test
    void eachBatchIsLoggedWithTheTokenAndAgentsThatWroteIt() throws Exception {
        try (TestServer server = TestServer.start()) {
            String agent = server.running()
                    .tokens()
                    .create("krios-agent", io.sightline.server.auth.Role.AGENT, List.of("krios-1"))
                    .secret();
            String admin = server.running()
                    .tokens()
                    .create("ops", io.sightline.server.auth.Role.ADMIN)
                    .secret();
            for (var by : List.of(Map.entry("k-agent", agent), Map.entry("k-admin", admin))) {
                TestServer.Response res = server.send(HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + by.getValue())
                        .header("Idempotency-Key", by.getKey())
                        .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(Map.of(
                                "items",
                                List.of(map(
                                        "kind",
                                        "acquisition",
                                        "uuid",
                                        UUID.randomUUID().toString(),
                                        "name",
                                        "s")))))));
                assertThat(res.status()).as(res.body()).isEqualTo(200);
            }
            Map<String, List<String>> writers = new java.util.HashMap<>();
            try (var c = server.running().database().dataSource().getConnection();
                    var s = c.createStatement();
                    var rs = s.executeQuery("SELECT idempotency_key, written_by_source, written_by, written_for_agents"
                            + " FROM ingest_request")) {
                while (rs.next()) {
                    writers.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            assertThat(writers)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "k-agent", List.of("token", "krios-agent", "krios-1"),
                            "k-admin", List.of("token", "ops", "")));
        }
    }
}
