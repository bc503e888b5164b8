package io.sightline.server.api;

import static io.sightline.server.api.ApiFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A create naming an existing natural key under a new id stores nothing twice, succeeds, and makes the
 * new id an alias of the entity in later paths and parent references; batches are judged item by item.
 */
class NaturalKeyAliasTest {

    private static Object hole(String uuid, String foilholeId, String square, double x) {
        return map(
                "uuid",
                uuid,
                "foilhole_id",
                foilholeId,
                "gridsquare_id",
                "1001",
                "gridsquare_uuid",
                square,
                "center_x",
                x);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void holesPostedAgainUnderFreshIdsAreOneHoleEachAndTheirIdsResolve(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            ApiFixtures f = new ApiFixtures(ApiFixtures::smartEmId).hole(server);
            String again = ApiFixtures.smartEmId();
            String fresh = ApiFixtures.smartEmId();
            int events = server.events().events().size();

            // the rewrite of a square's metadata: hole 7 again under a new id, hole 8 new
            TestServer.Response batch = server.post(
                    "/gridsquares/" + f.square + "/foilholes",
                    List.of(hole(again, "7", f.square, 12.5), hole(fresh, "8", f.square, 3.0)));
            assertThat(batch.status()).as(batch.body()).isEqualTo(201);

            JsonNode holes =
                    server.get("/gridsquares/" + f.square + "/foilholes").json();
            assertThat(holes).hasSize(2);
            assertThat(holes.findValuesAsText("uuid")).containsExactlyInAnyOrder(f.hole, fresh);
            // the alias names the hole it stands for, which took the new values
            JsonNode byAlias = server.get("/foilholes/" + again).json();
            assertThat(byAlias.get("uuid").asText()).isEqualTo(f.hole);
            assertThat(byAlias.get("center_x").asDouble()).isEqualTo(12.5);
            assertThat(server.events()
                            .types()
                            .subList(events, server.events().types().size()))
                    .containsExactly("foilhole.updated", "foilhole.created");

            // parent references and paths through the alias land on the one hole
            String micrograph = ApiFixtures.smartEmId();
            TestServer.Response m = server.post(
                    "/foilholes/" + again + "/micrographs",
                    map("uuid", micrograph, "foilhole_uuid", again, "foilhole_id", "7"));
            assertThat(m.status()).as(m.body()).isEqualTo(201);
            assertThat(server.get("/micrographs/" + micrograph)
                            .json()
                            .get("foilhole_uuid")
                            .asText())
                    .isEqualTo(f.hole);
            assertThat(server.get("/foilholes/" + again + "/micrographs").json())
                    .hasSize(1);

            // the same batch again is unchanged, and a third id for hole 7 is one more alias
            assertThat(server.post(
                                    "/gridsquares/" + f.square + "/foilholes",
                                    List.of(
                                            hole(again, "7", f.square, 12.5),
                                            hole(ApiFixtures.smartEmId(), "7", f.square, 12.5)))
                            .status())
                    .isEqualTo(200);
            assertThat(server.get("/gridsquares/" + f.square + "/foilholes").json())
                    .hasSize(2);

            // deleting the hole through its alias removes it and the alias
            assertThat(server.delete("/foilholes/" + again).status()).isIn(200, 204);
            assertThat(server.get("/foilholes/" + f.hole).status()).isEqualTo(404);
            assertThat(server.get("/foilholes/" + again).status()).isEqualTo(404);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aGridIsItsEpuSessionFolderWithinItsAcquisition(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            ApiFixtures f = new ApiFixtures(ApiFixtures::smartEmId).acquisition(server);
            String first = ApiFixtures.smartEmId();
            String second = ApiFixtures.smartEmId();
            String path = "/acquisitions/" + f.acquisition + "/grids";
            assertThat(server.post(path, map("uuid", first, "name", "Grid_1", "data_dir", "/epu/Supervisor_1"))
                            .status())
                    .isEqualTo(201);
            // EpuSession.dm created, then modified: the agent posts the grid again under a new id
            TestServer.Response again = server.post(
                    path,
                    map("uuid", second, "name", "Grid_1", "data_dir", "/epu/Supervisor_1", "status", "scan started"));
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(server.get(path).json()).hasSize(1);
            assertThat(server.get("/grids/" + second).json().get("uuid").asText())
                    .isEqualTo(first);
            String square = ApiFixtures.smartEmId();
            assertThat(server.post(
                                    "/grids/" + second + "/gridsquares",
                                    map("uuid", square, "gridsquare_id", "1001", "grid_uuid", second))
                            .status())
                    .isEqualTo(201);
            assertThat(server.get("/gridsquares/" + square)
                            .json()
                            .get("grid_uuid")
                            .asText())
                    .isEqualTo(first);
            // another session folder is another grid
            assertThat(server.post(
                                    path,
                                    map(
                                            "uuid",
                                            ApiFixtures.smartEmId(),
                                            "name",
                                            "Grid_2",
                                            "data_dir",
                                            "/epu/Supervisor_2"))
                            .status())
                    .isEqualTo(201);
            assertThat(server.get(path).json()).hasSize(2);
        }
    }
}
