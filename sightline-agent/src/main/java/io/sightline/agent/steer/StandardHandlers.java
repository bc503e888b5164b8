package io.sightline.agent.steer;

import io.sightline.agent.athena.AthenaSteering;
import io.sightline.core.wire.InstructionType;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The handlers of docs/steering.md, in one registry. */
public final class StandardHandlers {
    private StandardHandlers() {}

    /**
     * @param views             the agent's state for the status and info instructions
     * @param logInterval       applies a new status-line interval
     * @param heartbeatInterval applies a new heartbeat interval (zero: off)
     * @param athena            the Athena steering, or null to decline steering instructions
     */
    public static HandlerRegistry registry(
            AgentViews views,
            Consumer<Duration> logInterval,
            Consumer<Duration> heartbeatInterval,
            AthenaSteering athena) {
        HandlerRegistry.Builder b = HandlerRegistry.builder()
                .on(InstructionType.AGENT_STATUS_REQUEST, view(views::status))
                .on(InstructionType.AGENT_CONFIG_UPDATE, new ConfigUpdateHandler(logInterval, heartbeatInterval))
                .on(InstructionType.AGENT_INFO_DATASTORE, view(views::datastore))
                .on(InstructionType.AGENT_INFO_METRICS, view(views::metrics))
                .on(InstructionType.AGENT_INFO_ERRORS, view(views::errors))
                .on(InstructionType.AGENT_INFO_ORPHANS, view(views::orphans));
        return SteeringHandlers.register(b, athena).build();
    }

    private static InstructionHandler view(Supplier<com.fasterxml.jackson.databind.JsonNode> view) {
        return i -> new Outcome.Processed(view.get());
    }
}
