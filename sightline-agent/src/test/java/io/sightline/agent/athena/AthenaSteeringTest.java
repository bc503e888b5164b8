package io.sightline.agent.athena;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.agent.athena.testing.FakeAthena;
import io.sightline.agent.steer.HandlerRegistry;
import io.sightline.agent.steer.Instruction;
import io.sightline.agent.steer.Outcome;
import io.sightline.agent.steer.SteeringHandlers;
import io.sightline.core.wire.InstructionType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each steering instruction arrives in the (fake) Athena Decision Service as the right decisions. */
class AthenaSteeringTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

    private FakeAthena athena;
    private final UUID session = UUID.randomUUID();
    private HandlerRegistry handlers;

    @BeforeEach
    void start() throws Exception {
        athena = FakeAthena.start();
        handlers = registryFor(athena.url(), session, "sightline krios-1 " + session);
    }

    @AfterEach
    void stop() {
        athena.close();
    }

    private static HandlerRegistry registryFor(URI url, UUID session, String name) {
        AthenaSteering steering =
                new AthenaSteering(new AthenaClient(url, null, Duration.ofSeconds(5)), session, name, CLOCK);
        return SteeringHandlers.register(HandlerRegistry.builder(), steering).build();
    }

    private static Instruction instruction(String id, String type, String payload) throws Exception {
        return new Instruction(id, type, MAPPER.readTree(payload), "normal", null, null, null, 1);
    }

    @Test
    void reorderGridSquaresBecomesAcquisitionOrderDecisionsByPosition() throws Exception {
        Outcome o = handlers.handle(instruction(
                "i1",
                InstructionType.REORDER_GRIDSQUARES.wireName(),
                "{\"gridsquare_ids\": [\"8986063\", 8986070, \"8986001\"]}"));

        assertThat(o).isInstanceOf(Outcome.Processed.class);
        assertThat(((Outcome.Processed) o).result().get("decisions").asInt()).isEqualTo(3);
        assertThat(athena.sessions())
                .singleElement()
                .satisfies(s -> assertThat(s.get("sessionId").asText()).isEqualTo(session.toString()));
        assertThat(athena.areas())
                .extracting(a -> a.get("id").asInt() + ":" + a.get("areaType").asText())
                .containsExactly("8986063:gridsquare", "8986070:gridsquare", "8986001:gridsquare");
        assertThat(athena.decisions())
                .extracting(d ->
                        d.get("areaId").asInt() + "=" + d.get("decisionValue").asText())
                .containsExactly("8986063=1", "8986070=2", "8986001=3");
        assertThat(athena.decisions()).allSatisfy(d -> {
            assertThat(d.get("decisionType").asText()).isEqualTo("acquisitionOrder");
            assertThat(d.get("decidedBy").asText()).isEqualTo("sightline");
            assertThat(d.get("sessionId").asText()).isEqualTo(session.toString());
            assertThat(d.get("timestamp").asText()).isEqualTo("2025-06-01T10:00:00Z");
        });
    }

    @Test
    void skipGridSquaresBecomesGridSquareSelectionFalse() throws Exception {
        Outcome o = handlers.handle(
                instruction("i2", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [101, 102]}"));

        assertThat(o).isInstanceOf(Outcome.Processed.class);
        assertThat(athena.decisions())
                .extracting(d ->
                        d.get("areaId").asInt() + " " + d.get("decisionType").asText() + "="
                                + d.get("decisionValue").asText())
                .containsExactly("101 gridSquareSelection=false", "102 gridSquareSelection=false");
    }

    @Test
    void reorderFoilHolesBecomesAcquisitionOrderOnFoilHolesUnderTheirGridSquare() throws Exception {
        Outcome o = handlers.handle(instruction(
                "i3",
                InstructionType.REORDER_FOILHOLES.wireName(),
                "{\"gridsquare_id\": \"8986063\", \"foilhole_ids\": [9015985, 9015980]}"));

        assertThat(o).isInstanceOf(Outcome.Processed.class);
        assertThat(athena.areas())
                .extracting(a -> a.get("id").asInt() + ":" + a.get("areaType").asText() + "<"
                        + a.path("parentId").asText("-"))
                .containsExactly("8986063:gridsquare<-", "9015985:foilhole<8986063", "9015980:foilhole<8986063");
        assertThat(athena.decisions())
                .extracting(d ->
                        d.get("areaId").asInt() + " " + d.get("decisionType").asText() + "="
                                + d.get("decisionValue").asText())
                .containsExactly("9015985 acquisitionOrder=1", "9015980 acquisitionOrder=2");
    }

    @Test
    void skipFoilHolesBecomesOneFoilHoleSelectionOnTheSquareListingTheHolesFalse() throws Exception {
        Outcome o = handlers.handle(instruction(
                "i12",
                InstructionType.SKIP_FOILHOLES.wireName(),
                "{\"gridsquare_id\": 8986063, \"foilhole_ids\": [\"9015985\", 9015980]}"));

        assertThat(o).isInstanceOf(Outcome.Processed.class);
        JsonNode result = ((Outcome.Processed) o).result();
        assertThat(result.get("decision_type").asText()).isEqualTo("foilHoleSelection");
        assertThat(result.get("foilhole_ids").toString()).isEqualTo("[9015985,9015980]");
        assertThat(athena.rejections()).isEmpty();
        assertThat(athena.areas())
                .extracting(a -> a.get("id").asInt() + ":" + a.get("areaType").asText() + "<"
                        + a.path("parentId").asText("-"))
                .containsExactly("8986063:gridsquare<-", "9015985:foilhole<8986063", "9015980:foilhole<8986063");
        // the whole DecisionRecord as posted: the contract's properties, the value the shape of its sample
        JsonNode decision = athena.decisions().getFirst();
        assertThat(athena.decisions()).hasSize(1);
        assertThat(decision.toString())
                .isEqualTo(MAPPER.createObjectNode()
                        .put(
                                "id",
                                UUID.nameUUIDFromBytes((session + "/i12/8986063/foilHoleSelection")
                                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                        .toString())
                        .put("sessionId", session.toString())
                        .put("areaId", 8986063)
                        .put("decisionType", "foilHoleSelection")
                        .put(
                                "decisionValue",
                                "[{\"areaId\":9015985,\"result\":\"false\"},{\"areaId\":9015980,\"result\":\"false\"}]")
                        .put("decidedBy", "sightline")
                        .put("details", "sightline instruction i12")
                        .put("timestamp", "2025-06-01T10:00:00Z")
                        .toString());
    }

    @Test
    void aSkipOfFoilHolesWithoutItsSquareOrWithARepeatedHoleIsDeclined() throws Exception {
        assertThat(handlers.handle(
                        instruction("i13", InstructionType.SKIP_FOILHOLES.wireName(), "{\"foilhole_ids\": [1]}")))
                .isEqualTo(new Outcome.Declined("payload needs gridsquare_id (an EPU grid square id)"));
        assertThat(handlers.handle(instruction(
                        "i14",
                        InstructionType.SKIP_FOILHOLES.wireName(),
                        "{\"gridsquare_id\": 5, \"foilhole_ids\": [1, 1]}")))
                .isEqualTo(new Outcome.Declined("foilhole_ids names foil hole 1 twice"));
        assertThat(handlers.handle(instruction(
                        "i15",
                        InstructionType.SKIP_FOILHOLES.wireName(),
                        "{\"gridsquare_id\": 5, \"foilhole_ids\": []}")))
                .isEqualTo(new Outcome.Declined("payload needs foilhole_ids: a non-empty list of EPU foil hole ids"));
        assertThat(athena.sessions()).isEmpty();
        assertThat(athena.decisions()).isEmpty();
    }

    @Test
    void theSameInstructionTwicePostsTheSameDecisionIdsAndARestartedAgentReusesTheSession() throws Exception {
        handlers.handle(instruction("i4", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [7]}"));
        // a restarted agent: new steering object, same session (Athena answers 409, which is fine)
        HandlerRegistry again = registryFor(athena.url(), session, "sightline krios-1 " + session);
        Outcome o = again.handle(
                instruction("i4", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [7]}"));

        assertThat(o).isInstanceOf(Outcome.Processed.class);
        assertThat(athena.sessions()).hasSize(1);
        assertThat(athena.decisions()).hasSize(2);
        assertThat(athena.decisions().get(0).get("id"))
                .isEqualTo(athena.decisions().get(1).get("id"));
    }

    @Test
    void aMalformedPayloadIsDeclinedAndNothingReachesAthena() throws Exception {
        assertThat(handlers.handle(
                        instruction("i5", InstructionType.REORDER_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": []}")))
                .isEqualTo(
                        new Outcome.Declined("payload needs gridsquare_ids: a non-empty list of EPU grid square ids"));
        assertThat(handlers.handle(instruction(
                        "i6", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [\"GS-7\"]}")))
                .isEqualTo(new Outcome.Declined("grid square id 'GS-7' is not an EPU id (a positive integer)"));
        assertThat(handlers.handle(instruction(
                        "i7", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [3000000000]}")))
                .isEqualTo(new Outcome.Declined("grid square id 3000000000 does not fit an Athena area id (int32)"));
        assertThat(handlers.handle(
                        instruction("i8", InstructionType.REORDER_FOILHOLES.wireName(), "{\"foilhole_ids\": [1]}")))
                .isInstanceOf(Outcome.Declined.class);
        assertThat(handlers.handle(instruction(
                        "i9", InstructionType.REORDER_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [1, 1]}")))
                .isEqualTo(new Outcome.Declined("gridsquare_ids names grid square 1 twice"));
        assertThat(athena.sessions()).isEmpty();
        assertThat(athena.decisions()).isEmpty();
    }

    @Test
    void whatAthenaRefusesIsFailedWithItsProblemDetail() throws Exception {
        // another session already holds our session's name: Athena's 409 on the session is taken as
        // "already registered", and the areas are then refused because our session id is unknown
        athena.registerSession(UUID.randomUUID(), "taken");
        HandlerRegistry clash = registryFor(athena.url(), session, "taken");

        Outcome o = clash.handle(
                instruction("i10", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [5]}"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).error())
                .isEqualTo(
                        "Athena refused to register 1 areas: 404 Not Found: session " + session + " is not registered");
        assertThat(athena.decisions()).isEmpty();
    }

    @Test
    void anUnreachableAthenaIsFailedNamingIt() throws Exception {
        URI gone = athena.url();
        athena.close();
        HandlerRegistry unreachable = registryFor(gone, session, "x");

        Outcome o = unreachable.handle(
                instruction("i11", InstructionType.SKIP_GRIDSQUARES.wireName(), "{\"gridsquare_ids\": [5]}"));

        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).error()).startsWith("Athena at " + gone + " unreachable (register session");
    }

    @Test
    void withoutAthenaEverySteeringInstructionIsDeclinedWithTheReason() throws Exception {
        HandlerRegistry none =
                SteeringHandlers.register(HandlerRegistry.builder(), null).build();
        for (InstructionType steering : SteeringHandlers.TYPES) {
            String type = steering.wireName();
            Outcome o = none.handle(instruction("n-" + type, type, "{\"gridsquare_ids\": [1]}"));
            assertThat(o)
                    .isEqualTo(new Outcome.Declined(
                            type + " needs the Athena Decision Service, and this agent runs without --athena-url"));
        }
        assertThat(athena.sessions()).isEmpty();
        assertThat(athena.decisions()).isEmpty();
    }
}
