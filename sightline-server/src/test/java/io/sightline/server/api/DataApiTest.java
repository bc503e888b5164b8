package io.sightline.server.api;

import static io.sightline.server.api.ApiFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SmartEM-compatible endpoints: status codes and field names as the reference spec says. */
class DataApiTest {
    private static JsonNode smartem;
    private TestServer server;
    private ApiFixtures f;

    @BeforeAll
    static void readReference() throws IOException {
        // A copy of ../shared/contracts/smartem-backend-openapi.json, so that a fresh clone checks it too.
        try (var in = DataApiTest.class.getResourceAsStream("/contracts/smartem-backend-openapi.json")) {
            smartem = new ObjectMapper().readTree(in);
        }
    }

    @BeforeEach
    void start() {
        server = TestServer.start();
        f = new ApiFixtures();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Asserts the JSON object carries every field SmartEM's response schema requires. */
    private static void hasSmartemFields(JsonNode node, String schema) {
        List<String> required = new ArrayList<>();
        smartem.path("components").path("schemas").path(schema).path("required").forEach(n -> required.add(n.asText()));
        assertThat(required).as(schema + " in the reference").isNotEmpty();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(schema).containsAll(required);
    }

    @Test
    void gridCountsListEveryAcquisitionWithItsGridsAndTheCompletedOnes() {
        f.grid(server);
        String empty = UUID.randomUUID().toString();
        assertThat(server.post("/acquisitions", map("uuid", empty, "name", "no grids"))
                        .status())
                .isEqualTo(201);
        String done = UUID.randomUUID().toString();
        assertThat(server.post(
                                "/acquisitions/" + f.acquisition + "/grids",
                                map("uuid", done, "name", "Grid_2", "status", AcquisitionRoutes.GRID_COMPLETED))
                        .status())
                .isEqualTo(201);

        JsonNode counts = server.get("/acquisitions/grid-counts").json();
        assertThat(counts).hasSize(2);
        for (JsonNode c : counts) {
            hasSmartemFields(c, "AcquisitionGridCountResponse");
            boolean withGrids = c.get("acquisition_uuid").asText().equals(f.acquisition);
            assertThat(c.get("grids_total").asInt()).isEqualTo(withGrids ? 2 : 0);
            assertThat(c.get("grids_completed").asInt()).isEqualTo(withGrids ? 1 : 0);
        }
    }

    @Test
    void acquisitionCreateGetListUpdateDeleteFollowTheSpec() {
        TestServer.Response created = server.post("/acquisitions", map("uuid", f.acquisition, "name", "s1"));
        assertThat(created.status()).isEqualTo(201);
        hasSmartemFields(created.json(), "AcquisitionResponse");

        TestServer.Response got = server.get("/acquisitions/" + f.acquisition);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json().get("name").asText()).isEqualTo("s1");
        assertThat(server.get("/acquisitions").json()).hasSize(1);

        TestServer.Response updated = server.put("/acquisitions/" + f.acquisition, map("status", "completed"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("status").asText()).isEqualTo("completed");
        assertThat(updated.json().get("name").asText()).isEqualTo("s1");

        assertThat(server.delete("/acquisitions/" + f.acquisition).status()).isEqualTo(204);
        assertThat(server.get("/acquisitions/" + f.acquisition).status()).isEqualTo(404);
    }

    @Test
    void repeatedCreateIsStoredOnceAnswers200AndEmitsNoSecondEvent() {
        f.acquisition(server);
        int eventsBefore = server.events().events().size();

        TestServer.Response again =
                server.post("/acquisitions", map("uuid", f.acquisition, "name", "session 1", "status", "started"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(server.get("/acquisitions").json()).hasSize(1);
        assertThat(server.events().events()).hasSize(eventsBefore);
    }

    @Test
    void gridsUnderAnAcquisitionFollowTheSpec() {
        f.grid(server);

        TestServer.Response list = server.get("/acquisitions/" + f.acquisition + "/grids");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        hasSmartemFields(list.json().get(0), "GridResponse");
        assertThat(server.get("/grids/" + f.grid).json().get("acquisition_uuid").asText())
                .isEqualTo(f.acquisition);
        assertThat(server.put("/grids/" + f.grid, map("status", "scan started"))
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("scan started");
        assertThat(server.post("/grids/" + f.grid + "/registered", "{}").json().asBoolean())
                .isTrue();
        assertThat(server.events().types()).contains("grid.created", "grid.updated", "grid.registered");
    }

    @Test
    void atlasIsCreatedWithItsTilesAndServedUnderTheGrid() {
        f.atlasWithTile(server);

        TestServer.Response atlas = server.get("/grids/" + f.grid + "/atlas");
        assertThat(atlas.status()).isEqualTo(200);
        hasSmartemFields(atlas.json(), "AtlasResponse");
        assertThat(atlas.json().get("tiles")).hasSize(1);
        hasSmartemFields(atlas.json().get("tiles").get(0), "AtlasTileResponse");
        assertThat(server.get("/atlases/" + f.atlas + "/tiles")
                        .json()
                        .get(0)
                        .get("tile_id")
                        .asText())
                .isEqualTo("Tile_1");
        assertThat(server.get("/atlas-tiles/" + f.tile).json().get("atlas_uuid").asText())
                .isEqualTo(f.atlas);
        assertThat(server.events().types()).contains("atlas.created", "atlas_tile.created");
    }

    @Test
    void atlasUpdateAnswersTheAtlasWithItsTiles() {
        f.atlasWithTile(server);

        TestServer.Response updated = server.put("/atlases/" + f.atlas, map("description", "overview"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("description").asText()).isEqualTo("overview");
        assertThat(updated.json().get("tiles")).hasSize(1);
    }

    @Test
    void naiveTimestampsAreReadAsUtcAndAResendIsUnchanged() {
        TestServer.Response created =
                server.post("/acquisitions", map("uuid", f.acquisition, "start_time", "2025-05-01T10:00:00.5"));
        int events = server.events().events().size();

        TestServer.Response again =
                server.post("/acquisitions", map("uuid", f.acquisition, "start_time", "2025-05-01T12:00:00.5+02:00"));

        assertThat(created.json().get("start_time").asText()).isEqualTo("2025-05-01T10:00:00.500Z");
        assertThat(again.status()).isEqualTo(200);
        assertThat(server.events().events()).hasSize(events);
    }

    @Test
    void gridWithoutAtlasAnswers404() {
        f.grid(server);
        assertThat(server.get("/grids/" + f.grid + "/atlas").status()).isEqualTo(404);
    }

    @Test
    void squarePositionsOnATileAreLinkedSinglyAndInBulk() {
        f.atlasWithTile(server);
        f.square(server);
        String second = UUID.randomUUID().toString();
        server.post(
                "/grids/" + f.grid + "/gridsquares", map("uuid", second, "gridsquare_id", "1002", "grid_uuid", f.grid));

        TestServer.Response one = server.post(
                "/atlas-tiles/" + f.tile + "/gridsquares/" + f.square,
                map("center_x", 10, "center_y", 20, "size_width", 5, "size_height", 5));
        TestServer.Response many = server.post(
                "/atlas-tiles/" + f.tile + "/gridsquares",
                List.of(map(
                        "gridsquare_uuid", second, "center_x", 1, "center_y", 2, "size_width", 3, "size_height", 4)));

        assertThat(one.status()).isEqualTo(201);
        hasSmartemFields(one.json(), "AtlasTileGridSquarePositionResponse");
        assertThat(many.status()).isEqualTo(201);
        assertThat(many.json().get(0).get("gridsquare_uuid").asText()).isEqualTo(second);
        assertThat(server.get("/atlas-tiles/" + f.tile + "/gridsquares").json()).hasSize(2);
    }

    @Test
    void gridSquaresAreCreatedOneByOneOrInABatch() {
        f.square(server);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();

        TestServer.Response batch = server.post(
                "/grids/" + f.grid + "/gridsquares/batch",
                map(
                        "gridsquares",
                        List.of(
                                map("uuid", a, "gridsquare_id", "2001", "grid_uuid", f.grid),
                                map("uuid", b, "gridsquare_id", "2002", "grid_uuid", f.grid))));

        assertThat(batch.status()).isEqualTo(201);
        assertThat(batch.json().get("gridsquares")).hasSize(2);
        hasSmartemFields(batch.json().get("gridsquares").get(0), "GridSquareResponse");
        assertThat(server.get("/grids/" + f.grid + "/gridsquares").json()).hasSize(3);
        assertThat(server.get("/gridsquares/" + f.square).json().get("defocus").asDouble())
                .isEqualTo(-1.5);
    }

    @Test
    void batchWithOneInvalidSquareStoresNone() {
        f.grid(server);

        TestServer.Response batch = server.post(
                "/grids/" + f.grid + "/gridsquares/batch",
                map(
                        "gridsquares",
                        List.of(
                                map("uuid", UUID.randomUUID().toString(), "gridsquare_id", "1", "grid_uuid", f.grid),
                                map("uuid", UUID.randomUUID().toString(), "grid_uuid", f.grid))));

        assertThat(batch.status()).isEqualTo(422);
        assertThat(batch.json().get("errors").get(0).get("loc").toString())
                .contains("gridsquares", "1", "gridsquare_id");
        assertThat(server.get("/grids/" + f.grid + "/gridsquares").json()).isEmpty();
    }

    @Test
    void squareRegisteredMarksAllHolesRegisteredAndAnswersTrue() {
        f.square(server);

        TestServer.Response registered = server.post("/gridsquares/" + f.square + "/registered?count=12", "");

        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.json().asBoolean()).isTrue();
        assertThat(server.get("/gridsquares/" + f.square).json().get("status").asText())
                .isEqualTo("all foil holes registered");
        assertThat(server.events().events().getLast().type()).isEqualTo("gridsquare.registered");
        assertThat(server.events().events().getLast().payloadJson()).contains("\"count\":12");
    }

    @Test
    void foilHolesAreCreatedAsAListAndMicrographsUnderThem() {
        f.micrograph(server);

        TestServer.Response holes = server.get("/gridsquares/" + f.square + "/foilholes");
        assertThat(holes.json()).hasSize(1);
        hasSmartemFields(holes.json().get(0), "FoilHoleResponse");
        TestServer.Response micrographs = server.get("/foilholes/" + f.hole + "/micrographs");
        assertThat(micrographs.json()).hasSize(1);
        hasSmartemFields(micrographs.json().get(0), "MicrographResponse");
        assertThat(micrographs.json().get(0).get("status").asText()).isEqualTo("none");
        assertThat(server.events().types()).contains("foilhole.created", "micrograph.created");
    }

    @Test
    void motionCorrectionAndCtfResultsUpdateTheMicrographAndAreAccepted() {
        f.micrograph(server);
        String base = "/micrographs/" + f.micrograph;

        TestServer.Response motion =
                server.post(base + "/motion_correction/completed", map("total_motion", 12.5, "average_motion", 0.8));
        TestServer.Response ctf = server.post(base + "/ctf_estimation/completed", map("ctf_max_res", 3.2));
        TestServer.Response mcQuality = server.post(base + "/motion_correction/registered", map("quality", true));
        TestServer.Response ctfQuality =
                server.post(base + "/ctf_estimation/registered", map("quality", false, "metric_name", "ctf"));

        assertThat(List.of(motion.status(), ctf.status(), mcQuality.status(), ctfQuality.status()))
                .containsOnly(202);
        assertThat(motion.json().get("published").asBoolean()).isTrue();
        JsonNode micrograph = server.get(base).json();
        assertThat(micrograph.get("total_motion").asDouble()).isEqualTo(12.5);
        assertThat(micrograph.get("ctf_max_resolution_estimate").asDouble()).isEqualTo(3.2);
        assertThat(micrograph.get("status").asText()).isEqualTo("ctf completed");
        assertThat(server.running().entities().qualities(f.micrograph))
                .containsEntry("motion_correction/", true)
                .containsEntry("ctf_estimation/ctf", false);
        assertThat(server.events().types())
                .contains(
                        "motion_correction.completed",
                        "ctf_estimation.completed",
                        "motion_correction.registered",
                        "ctf_estimation.registered");
    }

    @Test
    void feedbackForUnknownMicrographIs404AndMissingFieldIs422() {
        f.micrograph(server);
        String unknown = UUID.randomUUID().toString();

        assertThat(server.post(
                                "/micrographs/" + unknown + "/motion_correction/completed",
                                map("total_motion", 1.0, "average_motion", 1.0))
                        .status())
                .isEqualTo(404);
        assertThat(server.post("/micrographs/" + f.micrograph + "/ctf_estimation/completed", map())
                        .status())
                .isEqualTo(422);
        assertThat(server.post("/micrographs/" + unknown + "/ctf_estimation/registered", map("quality", true))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void deletingASquareDeletesItsHolesAndMicrographs() {
        f.micrograph(server);

        assertThat(server.delete("/gridsquares/" + f.square).status()).isEqualTo(204);

        assertThat(server.get("/foilholes/" + f.hole).status()).isEqualTo(404);
        assertThat(server.get("/micrographs/" + f.micrograph).status()).isEqualTo(404);
        assertThat(server.get("/grids/" + f.grid).status()).isEqualTo(200);
        assertThat(server.events().types().getLast()).isEqualTo("gridsquare.deleted");
    }

    @Test
    void everyListEndpointAnswersAnArray() {
        f.micrograph(server);
        for (String path : List.of(
                "/acquisitions", "/grids", "/atlases", "/atlas-tiles", "/gridsquares", "/foilholes", "/micrographs")) {
            TestServer.Response list = server.get(path);
            assertThat(list.status()).as(path).isEqualTo(200);
            assertThat(list.json().isArray()).as(path).isTrue();
        }
        assertThat(server.get("/micrographs").json()).hasSize(1);
    }

    @Test
    void updatesChangeOnlyTheFieldsGiven() {
        f.micrograph(server);

        assertThat(server.put("/foilholes/" + f.hole, map("quality", 0.7))
                        .json()
                        .get("foilhole_id")
                        .asText())
                .isEqualTo("7");
        assertThat(server.put("/micrographs/" + f.micrograph, map("defocus", -2.0))
                        .json()
                        .get("micrograph_id")
                        .asText())
                .isEqualTo("Data_1");
        assertThat(server.put("/gridsquares/" + f.square, map("selected", true))
                        .json()
                        .get("defocus")
                        .asDouble())
                .isEqualTo(-1.5);
    }
}
