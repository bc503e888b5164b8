package io.sightline.cli.steer;

import static io.sightline.cli.steer.SteerAgent.WAIT;
import static io.sightline.cli.steer.SteerAgent.awaitFinal;
import static io.sightline.cli.steer.SteerAgent.instruct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.athena.testing.FakeAthena;
import io.sightline.agent.steer.HandlerRegistry;
import io.sightline.agent.steer.InstructionHandler;
import io.sightline.agent.steer.Outcome;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steering channel end to end: a real server, the agent's composition root (or its steering channel)
 * and, for microscope steering, a fake Athena Decision Service built from the published contract. An
 * operator's instruction goes server → SSE → agent → handler → Athena, and the acknowledgement comes back.
 */
class SteerEndToEndTest {
    @TempDir
    Path temp;

    private AgentRunner agent(URI api, String token, SteeringConfig steering) throws Exception {
        Path visit = Files.createDirectories(temp.resolve("visit"));
        AgentConfig config = AgentConfig.of(visit, api, "krios-1")
                .withToken(token)
                .withPollingOnly(true)
                .withStateDir(temp.resolve("state"))
                .withDrainTimeout(Duration.ofMillis(200))
                .withSteering(steering);
        AgentRunner runner = new AgentRunner(config, line -> {}).start();
        assertThat(runner.steering().awaitSession(WAIT)).isTrue();
        return runner;
    }

    private static List<JsonNode> decisionsOf(FakeAthena athena, String instructionId) {
        return athena.decisions().stream()
                .filter(d -> d.path("details").asText().equals("sightline instruction " + instructionId))
                .toList();
    }

    private static List<String> field(List<JsonNode> nodes, String name) {
        return nodes.stream().map(n -> n.path(name).asText()).toList();
    }

    @Test
    void steeringInstructionsFromAnOperatorBecomeAthenaDecisionsAndAreAcknowledgedProcessed() throws Exception {
        try (FakeAthena athena = FakeAthena.start();
                TestServer server = TestServer.start()) {
            // with tokens the server is no longer open: the agent and the operator each need their role
            String agentToken =
                    server.running().tokens().create("krios-1", Role.AGENT).secret();
            String operator =
                    server.running().tokens().create("operator", Role.STEERING).secret();
            try (AgentRunner runner = agent(
                    server.uri(""),
                    agentToken,
                    SteeringConfig.DEFAULTS
                            .withAthenaUrl(athena.url())
                            .withHeartbeatInterval(Duration.ofMillis(500)))) {
                String session = runner.steering().sessionId().orElseThrow();

                String skip = instruct(
                        server,
                        operator,
                        "krios-1",
                        session,
                        "microscope.control.skip_gridsquares",
                        "payload",
                        Map.of("gridsquare_ids", List.of(101, "102")),
                        "sequence_number",
                        1);
                String squares = instruct(
                        server,
                        operator,
                        "krios-1",
                        session,
                        "microscope.control.reorder_gridsquares",
                        "payload",
                        Map.of("gridsquare_ids", List.of(303, 301, 302)),
                        "sequence_number",
                        2);
                String holes = instruct(
                        server,
                        operator,
                        "krios-1",
                        session,
                        "microscope.control.reorder_foilholes",
                        "payload",
                        Map.of("gridsquare_id", 301, "foilhole_ids", List.of(9003, 9001, 9002)),
                        "sequence_number",
                        3);
                String unknown = instruct(
                        server,
                        operator,
                        "krios-1",
                        session,
                        "microscope.control.warp_drive",
                        "payload",
                        Map.of("factor", 9),
                        "sequence_number",
                        4);

                for (String id : List.of(skip, squares, holes)) {
                    JsonNode row = awaitFinal(server, operator, "krios-1", session, id, "processed");
                    assertThat(row.path("processing_time_ms").isIntegralNumber())
                            .as(row.toString())
                            .isTrue();
                    assertThat(row.path("processed_at").isTextual())
                            .as(row.toString())
                            .isTrue();
                    assertThat(row.path("result").asText()).contains("\"athena_session_id\":\"" + session + "\"");
                }
                JsonNode declined = awaitFinal(server, operator, "krios-1", session, unknown, "declined");
                assertThat(declined.path("error_message").asText())
                        .contains("unknown instruction type")
                        .contains("microscope.control.warp_drive");

                assertThat(athena.rejections()).isEmpty();
                assertThat(field(athena.sessions(), "sessionId")).containsExactly(session);

                List<JsonNode> skipped = decisionsOf(athena, skip);
                assertThat(field(skipped, "decisionType")).containsOnly("gridSquareSelection");
                assertThat(field(skipped, "areaId")).containsExactly("101", "102");
                assertThat(field(skipped, "decisionValue")).containsOnly("false");

                List<JsonNode> squareOrder = decisionsOf(athena, squares);
                assertThat(field(squareOrder, "decisionType")).containsOnly("acquisitionOrder");
                assertThat(field(squareOrder, "areaId")).containsExactly("303", "301", "302");
                assertThat(field(squareOrder, "decisionValue")).containsExactly("1", "2", "3");

                List<JsonNode> holeOrder = decisionsOf(athena, holes);
                assertThat(field(holeOrder, "decisionType")).containsOnly("acquisitionOrder");
                assertThat(field(holeOrder, "areaId")).containsExactly("9003", "9001", "9002");
                assertThat(field(holeOrder, "decisionValue")).containsExactly("1", "2", "3");
                assertThat(athena.areas())
                        .filteredOn(a -> a.path("areaType").asText().equals("foilhole"))
                        .extracting(a -> a.path("parentId").asInt())
                        .containsOnly(301)
                        .hasSize(3);

                // every decision belongs to the agent's session, in the order the instructions were given
                assertThat(field(athena.decisions(), "sessionId")).containsOnly(session);
                assertThat(athena.decisions()).hasSize(8);
                assertThat(field(athena.decisions(), "details"))
                        .containsExactly(
                                "sightline instruction " + skip, "sightline instruction " + skip,
                                "sightline instruction " + squares, "sightline instruction " + squares,
                                "sightline instruction " + squares, "sightline instruction " + holes,
                                "sightline instruction " + holes, "sightline instruction " + holes);
                assertThat(runner.steering().dispatcher().handlerRuns()).isEqualTo(4);
            }
        }
    }

    @Test
    void steeringWithoutAnAthenaUrlIsDeclinedWithTheReason() throws Exception {
        try (TestServer server = TestServer.start();
                AgentRunner runner = agent(server.uri(""), null, SteeringConfig.DEFAULTS)) {
            String session = runner.steering().sessionId().orElseThrow();
            String id = instruct(
                    server,
                    null,
                    "krios-1",
                    session,
                    "microscope.control.skip_gridsquares",
                    "payload",
                    Map.of("gridsquare_ids", List.of(101)));
            JsonNode row = awaitFinal(server, null, "krios-1", session, id, "declined");
            assertThat(row.path("error_message").asText()).contains("--athena-url");
        }
    }

    @Test
    void instructionsWaitingBeforeTheAgentConnectsAreHandledByPriorityThenSequenceNumber() throws Exception {
        try (TestServer server = TestServer.start()) {
            TestServer.Response opened = server.post("/agent/krios-2/sessions", "{}");
            assertThat(opened.status()).isEqualTo(201);
            String session = opened.json().get("session_id").asText();
            // created in an order unlike the delivery order, so that creation time alone would get it wrong
            instruct(server, null, "krios-2", session, "t.low", "priority", "low");
            instruct(server, null, "krios-2", session, "t.seq10", "priority", "normal", "sequence_number", 10);
            instruct(server, null, "krios-2", session, "t.normal", "priority", "normal");
            instruct(server, null, "krios-2", session, "t.high", "priority", "high");
            instruct(server, null, "krios-2", session, "t.seq9", "priority", "normal", "sequence_number", 9);

            List<String> handled = new CopyOnWriteArrayList<>();
            InstructionHandler record = i -> {
                handled.add(i.instructionType());
                return new Outcome.Processed(null);
            };
            HandlerRegistry handlers = HandlerRegistry.builder()
                    .on("t.low", record)
                    .on("t.seq10", record)
                    .on("t.normal", record)
                    .on("t.high", record)
                    .on("t.seq9", record)
                    .build();
            try (SteerAgent agent = SteerAgent.start(
                    server.uri(""), "krios-2", SteeringConfig.DEFAULTS.withSessionId(session), handlers)) {
                await().atMost(WAIT).until(() -> handled.size() == 5);
                // sequence numbers before none, at equal priority (docs/steering.md, "Delivery order")
                assertThat(handled).containsExactly("t.high", "t.seq9", "t.seq10", "t.normal", "t.low");
                await().atMost(WAIT)
                        .untilAsserted(() -> assertThat(server.get(SteerAgent.path("krios-2", session))
                                        .json())
                                .hasSize(5)
                                .extracting(i -> i.path("ack_status").asText())
                                .containsOnly("processed"));
            }
        }
    }
}
