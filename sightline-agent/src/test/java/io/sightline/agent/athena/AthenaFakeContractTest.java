package io.sightline.agent.athena;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.agent.athena.testing.FakeAthena;
import io.sightline.agent.client.BackendClient;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake rejects what the published contract rejects, with ProblemDetails. */
class AthenaFakeContractTest {
    private FakeAthena athena;
    private BackendClient http;
    private final UUID session = UUID.randomUUID();

    @BeforeEach
    void start() throws Exception {
        athena = FakeAthena.start();
        http = new BackendClient(athena.url(), null, Duration.ofSeconds(5));
        assertThat(http.postJson("/api/v1/Session", "{\"sessionId\":\"" + session + "\",\"sessionName\":\"s1\"}")
                        .status())
                .isEqualTo(201);
        assertThat(http.putJson(
                                "/api/v1/Areas",
                                "[{\"id\":10,\"sessionId\":\"" + session + "\",\"areaType\":\"gridsquare\"}]")
                        .status())
                .isEqualTo(204);
    }

    @AfterEach
    void stop() {
        athena.close();
    }

    private String decision(String areaId, String type) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"sessionId\":\"" + session + "\",\"areaId\":" + areaId
                + ",\"decisionType\":\"" + type + "\",\"decisionValue\":\"1\",\"timestamp\":\"2025-01-01T00:00:00Z\"}";
    }

    @Test
    void anAcceptedDecisionIsRecorded() throws Exception {
        BackendClient.Answer a = http.postJson("/api/v1/Decision", decision("10", "acquisitionOrder"));
        assertThat(a.status()).isEqualTo(201);
        assertThat(athena.decisions()).hasSize(1);
        assertThat(http.get("/api/v1/Session/" + session + "/Decisions").json()).hasSize(1);
    }

    @Test
    void aFoilHoleSelectionMustListHolesOfItsSquareInTheSamplesShape() throws Exception {
        assertThat(http.putJson(
                                "/api/v1/Areas",
                                "[{\"id\":100,\"sessionId\":\"" + session
                                        + "\",\"areaType\":\"foilhole\",\"parentId\":10},"
                                        + "{\"id\":200,\"sessionId\":\"" + session
                                        + "\",\"areaType\":\"foilhole\",\"parentId\":20}]")
                        .status())
                .isEqualTo(204);
        String[][] refused = {
            {"10", "[{\\\"areaId\\\":100,\\\"result\\\":false}]", "result not a string"},
            {"10", "[{\\\"areaId\\\":100}]", "no result"},
            {"10", "100", "not a list"},
            {"10", "[{\\\"areaId\\\":200,\\\"result\\\":\\\"false\\\"}]", "a hole of another square"},
            {"100", "[{\\\"areaId\\\":100,\\\"result\\\":\\\"false\\\"}]", "on a hole, not a square"}
        };
        for (String[] r : refused) {
            String body = "[" + decision(r[0], "foilHoleSelection").replace("\"1\"", "\"" + r[1] + "\"") + "]";
            assertThat(http.postJson("/api/v1/Decisions", body).status())
                    .as(r[2])
                    .isEqualTo(400);
        }
        assertThat(athena.decisions()).isEmpty();
        String ok = "["
                + decision("10", "foilHoleSelection")
                        .replace("\"1\"", "\"[{\\\"areaId\\\":100,\\\"result\\\":\\\"false\\\"}]\"")
                + "]";
        assertThat(http.postJson("/api/v1/Decisions", ok).status()).isEqualTo(201);
    }

    @Test
    void anUnknownPropertyIs400BecauseAdditionalPropertiesIsFalse() throws Exception {
        BackendClient.Answer a = http.postJson(
                "/api/v1/Decisions", "[" + decision("10", "acquisitionOrder").replace("}", ",\"priority\":1}") + "]");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("detail").asText()).contains("'priority' is not a property of DecisionRecord");
        assertThat(athena.decisions()).isEmpty();
    }

    @Test
    void aValueOutsideAnEnumIs400() throws Exception {
        assertThat(http.postJson("/api/v1/Decisions", "[" + decision("10", "acquisitionorder") + "]")
                        .status())
                .isEqualTo(400);
        assertThat(http.putJson(
                                "/api/v1/Areas",
                                "[{\"id\":11,\"sessionId\":\"" + session + "\",\"areaType\":\"GridSquare\"}]")
                        .status())
                .isEqualTo(400);
        assertThat(athena.rejections())
                .extracting(FakeAthena.Rejection::detail)
                .allSatisfy(d -> assertThat(d).contains("is not a valid"));
    }

    @Test
    void wrongTypesAndFormatsAre400() throws Exception {
        assertThat(http.postJson("/api/v1/Decisions", "[" + decision("2147483648", "focus") + "]")
                        .status())
                .as("int32 overflow")
                .isEqualTo(400);
        assertThat(http.postJson("/api/v1/Decisions", "[" + decision("\"10\"", "focus") + "]")
                        .status())
                .as("id as text")
                .isEqualTo(400);
        assertThat(http.postJson(
                                "/api/v1/Decisions",
                                "[" + decision("10", "focus").replace("2025-01-01T00:00:00Z", "yesterday") + "]")
                        .status())
                .as("date-time")
                .isEqualTo(400);
        assertThat(http.postJson("/api/v1/Decisions", "[{").status())
                .as("malformed JSON")
                .isEqualTo(400);
        assertThat(athena.decisions()).isEmpty();
    }

    @Test
    void aDecisionForAnUnregisteredAreaOrSessionIs404WithProblemDetails() throws Exception {
        BackendClient.Answer a = http.postJson("/api/v1/Decision", decision("99", "acquisitionOrder"));
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("status").asInt()).isEqualTo(404);
        assertThat(a.json().get("detail").asText()).contains("area 99 is not registered");
        String otherSession = decision("10", "focus")
                .replace(session.toString(), UUID.randomUUID().toString());
        assertThat(http.postJson("/api/v1/Decision", otherSession).status()).isEqualTo(404);
    }

    @Test
    void theBatchEndpointAnswers409ForUnregisteredTargetsAnd400WhenEmptyAsTheContractSays() throws Exception {
        assertThat(http.postJson("/api/v1/Decisions", "[" + decision("99", "acquisitionOrder") + "]")
                        .status())
                .isEqualTo(409);
        assertThat(http.postJson("/api/v1/Decisions", "[]").status()).isEqualTo(400);
    }

    @Test
    void areasOfAnUnknownSessionAre404AndPostingAKnownAreaIs409ButPutUpdatesIt() throws Exception {
        assertThat(http.putJson(
                                "/api/v1/Areas",
                                "[{\"id\":1,\"sessionId\":\"" + UUID.randomUUID() + "\",\"areaType\":\"foilhole\"}]")
                        .status())
                .isEqualTo(404);
        String area = "[{\"id\":10,\"sessionId\":\"" + session + "\",\"areaType\":\"gridsquare\",\"parentId\":5}]";
        assertThat(http.postJson("/api/v1/Areas", area).status()).isEqualTo(409);
        assertThat(http.putJson("/api/v1/Areas", area).status()).isEqualTo(204);
        assertThat(athena.areas())
                .singleElement()
                .satisfies(a -> assertThat(a.get("parentId").asInt()).isEqualTo(5));
    }

    @Test
    void aSessionWithoutANameIs400AndARepeatedOneIs409() throws Exception {
        assertThat(http.postJson("/api/v1/Session", "{\"sessionId\":\"" + UUID.randomUUID() + "\"}")
                        .status())
                .isEqualTo(400);
        assertThat(http.postJson("/api/v1/Session", "{\"sessionId\":\"" + session + "\",\"sessionName\":\"other\"}")
                        .status())
                .isEqualTo(409);
        assertThat(http.get("/api/v1/Session/" + session + "/IsRegistered").body())
                .isEqualTo("true");
    }
}
