package io.sightline.server.api;

import static io.sightline.server.api.ApiFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.events.Event;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Ids as SmartEM clients send them (22-character URL-safe base64, or any short path-safe label) are
 * taken, stored and answered exactly as sent, in bodies, paths, events and streams; ids no client
 * could use in a path are 422 naming the field.
 */
class SmartEmIdsTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void smartEmIdsRoundTripThroughBodiesPathsEventsAndStreams(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db)) {
            ApiFixtures f = new ApiFixtures(ApiFixtures::smartEmId);
            assertThat(f.acquisition).hasSize(22);
            try (SseRecorder stream =
                    SseRecorder.openChunkStrict(server.uri("/frontend/events/stream"), java.util.Map.of())) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> server.running().sseHub().clientCount() == 1);
                f.micrograph(server);

                JsonNode acquisition =
                        server.get("/acquisitions/" + f.acquisition).json();
                assertThat(acquisition.get("uuid").asText()).isEqualTo(f.acquisition);
                JsonNode grid = server.get("/grids/" + f.grid).json();
                assertThat(grid.get("uuid").asText()).isEqualTo(f.grid);
                assertThat(grid.get("acquisition_uuid").asText()).isEqualTo(f.acquisition);
                assertThat(server.get("/grids/" + f.grid + "/gridsquares")
                                .json()
                                .get(0)
                                .get("uuid")
                                .asText())
                        .isEqualTo(f.square);
                JsonNode hole = server.get("/foilholes/" + f.hole).json();
                assertThat(hole.get("gridsquare_uuid").asText()).isEqualTo(f.square);
                JsonNode micrograph = server.get("/micrographs/" + f.micrograph).json();
                assertThat(micrograph.get("uuid").asText()).isEqualTo(f.micrograph);
                assertThat(micrograph.get("foilhole_uuid").asText()).isEqualTo(f.hole);

                List<String> sent = List.of(f.acquisition, f.grid, f.square, f.hole, f.micrograph);
                assertThat(server.events().events().stream()
                                .map(Event::entityUuid)
                                .toList())
                        .containsAll(sent);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> stream.events().size() >= 5);
                for (String id : sent) {
                    assertThat(stream.events()).anyMatch(m -> m.data().contains("\"uuid\":\"" + id + "\""));
                }
                assertThat(server.put("/gridsquares/" + f.square, map("selected", true))
                                .status())
                        .isEqualTo(200);
                assertThat(server.delete("/micrographs/" + f.micrograph).status())
                        .isIn(200, 204);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void squaresAreLinkedToATileWhoseIdIsNotAUuid(TestDatabase db) {
        // SmartEM's agent links squares to tiles with ids of its own: this answered 500 (the position's
        // uuid was derived with the tile id read as a UUID).
        try (TestServer server = TestServer.start(db)) {
            ApiFixtures f = new ApiFixtures(ApiFixtures::smartEmId).atlasWithTile(server);
            f.square(server);
            Object position = map("center_x", 10, "center_y", 20, "size_width", 5, "size_height", 5);
            TestServer.Response many = server.post(
                    "/atlas-tiles/" + f.tile + "/gridsquares",
                    List.of(map(
                            "center_x",
                            10,
                            "center_y",
                            20,
                            "size_width",
                            5,
                            "size_height",
                            5,
                            "gridsquare_uuid",
                            f.square)));
            assertThat(many.status()).as(many.body()).isEqualTo(201);
            TestServer.Response one = server.post("/atlas-tiles/" + f.tile + "/gridsquares/" + f.square, position);
            assertThat(one.status()).as(one.body()).isEqualTo(200);
            JsonNode listed =
                    server.get("/atlas-tiles/" + f.tile + "/gridsquares").json();
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("gridsquare_uuid").asText()).isEqualTo(f.square);
            assertThat(listed.get(0).get("atlastile_uuid").asText()).isEqualTo(f.tile);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void overLongOrPathUnsafeIdsAre422NamingTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            ApiFixtures f = new ApiFixtures(ApiFixtures::smartEmId).acquisition(server);
            for (String bad : List.of("x".repeat(37), "a/b", "a b", "..", "")) {
                TestServer.Response r = server.post(
                        "/acquisitions/" + f.acquisition + "/grids",
                        map("uuid", bad, "name", "Grid_1", "acquisition_uuid", f.acquisition));
                assertThat(r.status()).as(bad).isEqualTo(422);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("errors").get(0).get("loc").toString()).isEqualTo("[\"body\",\"uuid\"]");
            }
            TestServer.Response path = server.get("/acquisitions/" + "x".repeat(37));
            assertThat(path.status()).isEqualTo(422);
            assertThat(path.json().get("errors").get(0).get("loc").toString())
                    .isEqualTo("[\"path\",\"acquisition_uuid\"]");
            assertThat(server.get("/grids/a~b%20c").status()).isEqualTo(422);
            assertThat(server.get("/acquisitions/" + ApiFixtures.smartEmId()).status())
                    .isEqualTo(404);
        }
    }
}
