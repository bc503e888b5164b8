package io.sightline.server.steering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.wire.AckField;
import io.sightline.core.wire.HeartbeatField;
import io.sightline.core.wire.InstructionField;
import io.sightline.core.wire.LogField;
import io.sightline.core.wire.SessionField;
import io.sightline.core.wire.TokenField;
import io.sightline.core.wire.WireField;
import io.sightline.server.auth.Role;
import io.sightline.server.auth.TokenStore;
import io.sightline.server.testing.BadValues;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The steering routes, their debug twins and the token API refuse, with a 422 naming the field, every
 * value the wire vocabulary does not let a field take (too long, NUL, out of range, years the databases
 * cannot store), and store nothing of such a request; ids in paths that could not name an agent or a
 * session are 422 where they would create one and 404 where they look one up.
 */
class SteeringLimitsTest {
    private static final String AGENT = "krios-1";
    private static final String GOOD_LOG =
            "\"timestamp\":\"2024-01-01T00:00:00Z\",\"level\":\"INFO\",\"logger_name\":\"x\",\"message\":\"m\"";

    private static String object(String first, WireField field, String json) {
        return "{" + (first.isEmpty() ? "" : first + ",") + "\"" + field.wireName() + "\":" + json + "}";
    }

    private static void refusedNaming(TestServer.Response response, List<String> loc, String what) {
        assertThat(response.status())
                .as(loc + " " + what + ": " + response.body())
                .isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        List<List<String>> locs = new ArrayList<>();
        for (JsonNode error : response.json().get("errors")) {
            List<String> l = new ArrayList<>();
            error.get("loc").forEach(part -> l.add(part.asText()));
            locs.add(l);
        }
        assertThat(locs).as(response.body()).containsExactly(loc);
        assertThat(response.json().get("detail").asText()).contains(loc.getLast());
    }

    private static TestServer start(TestDatabase db, String[] admin) {
        admin[0] = new TokenStore(db.dataSource()).create("ops", Role.ADMIN).secret();
        return TestServer.start(db);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everySteeringBodyRefusesEveryBadValueOfEveryDeclaredField(TestDatabase db) {
        String[] token = new String[1];
        try (TestServer server = start(db, token)) {
            String admin = token[0];
            TestServer.Response created = server.postAs(admin, "/agent/" + AGENT + "/sessions", "{}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String session = created.json().get("session_id").asText();
            String base = "/agent/" + AGENT + "/session/" + session;
            String instruction = server.postAs(admin, base + "/instructions", "{\"instruction_type\":\"t\"}")
                    .json()
                    .get("instruction_id")
                    .asText();
            String goodType = "\"instruction_type\":\"agent.status.request\"";
            for (SessionField field : SessionField.values()) {
                for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                    String debugBody = field == SessionField.AGENT_ID
                            ? object("", field, bad.json())
                            : object("\"agent_id\":\"a\"", field, bad.json());
                    refusedNaming(
                            server.postAs(admin, "/debug/sessions/create", debugBody),
                            List.of("body", field.wireName()),
                            bad.what());
                    if (field != SessionField.AGENT_ID && field != SessionField.SESSION_ID) {
                        refusedNaming(
                                server.postAs(admin, "/agent/" + AGENT + "/sessions", object("", field, bad.json())),
                                List.of("body", field.wireName()),
                                bad.what());
                    }
                }
            }
            for (InstructionField field : InstructionField.values()) {
                String first = field == InstructionField.INSTRUCTION_TYPE ? "" : goodType;
                for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                    if (field != InstructionField.EXPIRES_IN_MINUTES) { // SmartEM's debug endpoint's field only
                        refusedNaming(
                                server.postAs(admin, base + "/instructions", object(first, field, bad.json())),
                                List.of("body", field.wireName()),
                                bad.what());
                    }
                    refusedNaming(
                            server.postAs(
                                    admin,
                                    "/debug/session/" + session + "/create-instruction",
                                    object(first, field, bad.json())),
                            List.of("body", field.wireName()),
                            bad.what());
                }
            }
            for (AckField field : AckField.values()) {
                String first = field == AckField.STATUS ? "" : "\"status\":\"processed\"";
                for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                    refusedNaming(
                            server.postAs(
                                    admin,
                                    base + "/instructions/" + instruction + "/ack",
                                    object(first, field, bad.json())),
                            List.of("body", field.wireName()),
                            bad.what());
                }
            }
            for (LogField field : LogField.values()) {
                for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                    String entry = object(GOOD_LOG, field, bad.json());
                    refusedNaming(
                            server.postAs(admin, base + "/logs", "{\"logs\":[{" + GOOD_LOG + "}," + entry + "]}"),
                            List.of("body", "logs", "1", field.wireName()),
                            bad.what());
                }
            }
            for (HeartbeatField field : HeartbeatField.values()) {
                StringJoiner required = new StringJoiner(",");
                for (HeartbeatField other : HeartbeatField.values()) {
                    if (other != field && other.spec().requiredOnCreate()) {
                        required.add("\"" + other.wireName() + "\":0");
                    }
                }
                for (BadValues.Bad bad : BadValues.of(field.spec().type())) {
                    refusedNaming(
                            server.postAs(admin, base + "/heartbeat", object(required.toString(), field, bad.json())),
                            List.of("body", field.wireName()),
                            bad.what());
                }
            }
            for (BadValues.Bad bad : BadValues.of(TokenField.NAME.spec().type())) {
                TestServer.Response response = server.postAs(
                        admin, "/api/v1/tokens", object("\"role\":\"viewer\"", TokenField.NAME, bad.json()));
                assertThat(response.status())
                        .as(bad.what() + ": " + response.body())
                        .isEqualTo(422);
                assertThat(response.json().get("detail").asText()).contains("name");
            }

            JsonNode instructions = server.getAs(admin, base + "/instructions").json();
            assertThat(instructions).hasSize(1);
            assertThat(instructions.get(0).get("acks")).isEmpty();
            assertThat(server.getAs(admin, "/debug/sessions").json().get("active_sessions"))
                    .hasSize(1);
            assertThat(server.getAs(admin, "/api/v1/tokens").json()).hasSize(1);
            assertThat(server.getAs(admin, "/api/v1/agents").json())
                    .allSatisfy(
                            agent -> assertThat(agent.get("outbox").isNull()).isTrue());
            TestServer.Response logs = server.postAs(admin, base + "/logs", "{\"logs\":[{" + GOOD_LOG + "}]}");
            assertThat(logs.json().get("stored").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void pathIdsThatCannotNameAnAgentOrSessionAre422WhenCreatingAnd404Otherwise(TestDatabase db) throws Exception {
        String[] token = new String[1];
        try (TestServer server = start(db, token)) {
            String admin = token[0];
            String longAgent = "a".repeat(201);
            TestServer.Response create = server.postAs(admin, "/agent/" + longAgent + "/sessions", "{}");
            refusedNaming(create, List.of("path", "agent_id"), "201 characters");
            refusedNaming(server.postAs(admin, "/agent/%20/sessions", "{}"), List.of("path", "agent_id"), "blank");
            String session = server.postAs(admin, "/agent/" + AGENT + "/sessions", "{}")
                    .json()
                    .get("session_id")
                    .asText();
            String instruction = UUID.randomUUID().toString();
            for (String base : List.of(
                    "/agent/" + longAgent + "/session/" + session,
                    "/agent/" + AGENT + "/session/" + "s".repeat(5000),
                    "/agent/" + AGENT + "/session/" + UUID.randomUUID())) {
                for (TestServer.Response response : List.of(
                        server.postAs(admin, base + "/heartbeat", "{}"),
                        server.postAs(admin, base + "/logs", "{\"logs\":[]}"),
                        server.postAs(admin, base + "/instructions", "{\"instruction_type\":\"t\"}"),
                        server.getAs(admin, base + "/instructions"),
                        server.postAs(
                                admin, base + "/instructions/" + instruction + "/ack", "{\"status\":\"received\"}"))) {
                    assertThat(response.status())
                            .as(base + ": " + response.body())
                            .isEqualTo(404);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                }
            }
            String ackBase = "/agent/" + AGENT + "/session/" + session + "/instructions/";
            for (String badInstruction : List.of("i".repeat(5000), "not-a-uuid")) {
                TestServer.Response ack =
                        server.postAs(admin, ackBase + badInstruction + "/ack", "{\"status\":\"received\"}");
                assertThat(ack.status()).as(ack.body()).isEqualTo(404);
            }
            String pending = server.postAs(
                            admin,
                            "/agent/" + AGENT + "/session/" + session + "/instructions",
                            "{\"instruction_type\":\"t\"}")
                    .json()
                    .get("instruction_id")
                    .asText();
            try (SseRecorder stream = SseRecorder.open(
                    server.uri("/agent/" + AGENT + "/session/" + session + "/instructions/stream"),
                    Map.of("Authorization", "Bearer " + admin, "Last-Event-ID", "e".repeat(5000)))) {
                assertThat(stream.status()).isEqualTo(200);
                SteeringClient.awaitInstructions(stream, 1);
                assertThat(SteeringClient.instructionIds(stream)).containsExactly(pending);
            }
            String longSession = "s".repeat(5000);
            assertThat(server.deleteAs(admin, "/debug/sessions/" + longSession + "/close")
                            .status())
                    .isEqualTo(404);
            assertThat(server.getAs(admin, "/debug/session/" + longSession + "/instructions")
                            .status())
                    .isEqualTo(404);
            assertThat(server.getAs(admin, "/debug/sessions").json().get("active_sessions"))
                    .hasSize(1);
        }
    }
}
