package io.sightline.agent.steer;

import io.sightline.agent.athena.AthenaSteering;
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
                .on("agent.status.request", view(views::status))
                .on("agent.config.update", new ConfigUpdateHandler(logInterval, heartbeatInterval))
                .on("agent.info.datastore", view(views::datastore))
                .on("agent.info.metrics", view(views::metrics))
                .on("agent.info.errors", view(views::errors))
                .on("agent.info.orphans", view(views::orphans));
        return SteeringHandlers.register(b, athena).build();
    }

    private static InstructionHandler view(Supplier<com.fasterxml.jackson.databind.JsonNode> view) {
        return i -> new Outcome.Processed(view.get());
    }
}
