package io.sightline.server.api;

import static io.sightline.server.api.ApiFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client mistakes answer application/problem+json with the right 4xx, never 500. */
class ProblemResponsesTest {
    private static final long LIMIT = 4096;
    private TestServer server;
    private ApiFixtures f;

    @BeforeEach
    void start() {
        server = TestServer.start(TestDatabase.h2(), c -> c.withMaxBodyBytes(LIMIT), b -> b);
        f = new ApiFixtures();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void isProblem(TestServer.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
        assertThat(response.json().get("detail").asText()).isNotBlank();
    }

    @Test
    void malformedJsonIs400() {
        isProblem(server.post("/acquisitions", "{\"uuid\": "), 400);
    }

    @Test
    void emptyBodyIs400() {
        isProblem(server.post("/acquisitions", ""), 400);
    }

    @Test
    void missingRequiredFieldIs422NamingTheField() {
        f.acquisition(server);
        TestServer.Response response = server.post(
                "/acquisitions/" + f.acquisition + "/grids",
                map("uuid", UUID.randomUUID().toString()));
        isProblem(response, 422);
        assertThat(response.json().get("errors").get(0).get("loc").toString()).contains("name");
    }

    @Test
    void wrongTypesAndUnknownEnumValuesAre422() {
        isProblem(server.post("/acquisitions", map("uuid", f.acquisition, "status", "exploded")), 422);
        isProblem(server.post("/acquisitions", map("uuid", "not/an-id")), 422);
        isProblem(server.post("/acquisitions", map("uuid", "x".repeat(37))), 422);
        isProblem(server.post("/acquisitions", map("uuid", f.acquisition, "start_time", "yesterday")), 422);
        f.grid(server);
        isProblem(
                server.post(
                        "/grids/" + f.grid + "/gridsquares",
                        map("uuid", f.square, "gridsquare_id", "1", "center_x", "left")),
                422);
        isProblem(server.post("/acquisitions", "[1, 2]"), 422);
    }

    @Test
    void unknownIdsAre404() {
        String unknown = UUID.randomUUID().toString();
        isProblem(server.get("/acquisitions/" + unknown), 404);
        isProblem(server.get("/grids/" + unknown + "/gridsquares"), 404);
        isProblem(server.put("/gridsquares/" + unknown, map("selected", true)), 404);
        isProblem(server.delete("/micrographs/" + unknown), 404);
        isProblem(server.get("/foilholes/not-a-uuid"), 404);
        isProblem(server.post("/acquisitions/" + unknown + "/grids", map("uuid", f.grid, "name", "g")), 404);
    }

    @Test
    void unknownRouteIs404Problem() {
        isProblem(server.get("/no/such/thing"), 404);
    }

    @Test
    void movingAnEntityOntoATakenNaturalKeyIs409WithTheExistingUuid() {
        f.square(server);
        String other = UUID.randomUUID().toString();
        assertThat(server.post("/grids/" + f.grid + "/gridsquares", map("uuid", other, "gridsquare_id", "1002"))
                        .status())
                .isEqualTo(201);
        TestServer.Response response = server.put("/gridsquares/" + other, map("gridsquare_id", "1001"));
        isProblem(response, 409);
        assertThat(response.json().get("existing_uuid").asText()).isEqualTo(f.square);
    }

    @Test
    void oversizedBodyIs413AndStoresNothing() {
        String big = "x".repeat((int) LIMIT);
        isProblem(server.post("/acquisitions", map("uuid", f.acquisition, "name", big)), 413);
        assertThat(server.get("/acquisitions").json()).isEmpty();
    }

    @Test
    void oversizedChunkedBodyIs413() {
        byte[] big = ("{\"uuid\":\"" + f.acquisition + "\",\"name\":\"" + "x".repeat((int) LIMIT) + "\"}").getBytes();
        TestServer.Response response = server.send(HttpRequest.newBuilder(server.uri("/acquisitions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        isProblem(response, 413);
    }

    @Test
    void invalidFoilHoleListIs422AndNotAList() {
        f.square(server);
        isProblem(server.post("/gridsquares/" + f.square + "/foilholes", map("uuid", f.hole)), 422);
        isProblem(server.post("/gridsquares/" + f.square + "/foilholes", List.of(map("uuid", f.hole))), 422);
    }
}
