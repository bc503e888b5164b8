package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sightline.core.wire.InstructionType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteerHandlersTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Duration> logIntervals = new ArrayList<>();
    private final List<Duration> heartbeatIntervals = new ArrayList<>();

    private final AgentViews views = new AgentViews() {
        public JsonNode status() {
            return JsonNodeFactory.instance.objectNode().put("view", "status");
        }

        public JsonNode datastore() {
            return JsonNodeFactory.instance.objectNode().put("view", "datastore");
        }

        public JsonNode metrics() {
            return JsonNodeFactory.instance.objectNode().put("view", "metrics");
        }

        public JsonNode errors() {
            return JsonNodeFactory.instance.objectNode().put("view", "errors");
        }

        public JsonNode orphans() {
            return JsonNodeFactory.instance.objectNode().put("view", "orphans");
        }
    };

    private final HandlerRegistry registry =
            StandardHandlers.registry(views, logIntervals::add, heartbeatIntervals::add, null);

    private Outcome handle(String type, String payload) throws Exception {
        return registry.handle(new Instruction("i", type, MAPPER.readTree(payload), "normal", null, null, null, 1));
    }

    @Test
    void everyTypeOfTheContractHasAHandler() {
        assertThat(registry.types())
                .containsExactlyInAnyOrder(
                        "agent.status.request",
                        "agent.config.update",
                        "agent.info.datastore",
                        "agent.info.metrics",
                        "agent.info.errors",
                        "agent.info.orphans",
                        "microscope.control.reorder_gridsquares",
                        "microscope.control.skip_gridsquares",
                        "microscope.control.reorder_foilholes",
                        "microscope.control.skip_foilholes");
    }

    @Test
    void theTypesHandledAreTheDeclaredInstructionTypes() {
        assertThat(registry.types())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(InstructionType.values())
                        .map(InstructionType::wireName)
                        .toList());
    }

    @Test
    void statusAndInfoInstructionsReportTheirOwnView() throws Exception {
        for (String[] pair : new String[][] {
            {"agent.status.request", "status"},
            {"agent.info.datastore", "datastore"},
            {"agent.info.metrics", "metrics"},
            {"agent.info.errors", "errors"},
            {"agent.info.orphans", "orphans"}
        }) {
            Outcome o = handle(pair[0], "{}");
            assertThat(o).isInstanceOf(Outcome.Processed.class);
            assertThat(((Outcome.Processed) o).result().get("view").asText())
                    .as(pair[0])
                    .isEqualTo(pair[1]);
        }
    }

    @Test
    void configUpdateAppliesTheSettingsItKnows() throws Exception {
        Outcome o = handle("agent.config.update", "{\"log_interval_seconds\": 5, \"heartbeat_interval_seconds\": 0}");

        assertThat(o).isInstanceOf(Outcome.Processed.class);
        assertThat(logIntervals).containsExactly(Duration.ofSeconds(5));
        assertThat(heartbeatIntervals).containsExactly(Duration.ZERO);
        assertThat(((Outcome.Processed) o).result().toString())
                .isEqualTo("{\"applied\":{\"log_interval_seconds\":5.0,\"heartbeat_interval_seconds\":0.0}}");
    }

    @Test
    void configUpdateWithAnUnknownKeyIsDeclinedAndChangesNothing() throws Exception {
        Outcome o = handle("agent.config.update", "{\"log_interval_seconds\": 5, \"exposure\": 3}");

        assertThat(o).isInstanceOf(Outcome.Declined.class);
        assertThat(((Outcome.Declined) o).reason())
                .startsWith("unknown settings [exposure]")
                .endsWith("nothing was changed");
        assertThat(logIntervals).isEmpty();
    }

    @Test
    void configUpdateWithABadValueOrNothingIsDeclined() throws Exception {
        assertThat(handle("agent.config.update", "{\"log_interval_seconds\": 0}"))
                .isInstanceOf(Outcome.Declined.class);
        assertThat(handle("agent.config.update", "{\"heartbeat_interval_seconds\": \"often\"}"))
                .isInstanceOf(Outcome.Declined.class);
        assertThat(handle("agent.config.update", "{}")).isInstanceOf(Outcome.Declined.class);
        assertThat(logIntervals).isEmpty();
        assertThat(heartbeatIntervals).isEmpty();
    }
}
