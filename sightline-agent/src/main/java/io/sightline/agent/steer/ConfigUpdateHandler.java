package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code agent.config.update}: {@code log_interval_seconds} (positive) and {@code heartbeat_interval_seconds}
 * (0 disables heartbeats). The payload is checked whole before anything is applied: an unknown key or a
 * bad value declines the instruction and changes nothing, so an operator never has to guess which half
 * of an update took effect.
 */
public final class ConfigUpdateHandler implements InstructionHandler {
    private final Consumer<Duration> logInterval;
    private final Consumer<Duration> heartbeatInterval;

    public ConfigUpdateHandler(Consumer<Duration> logInterval, Consumer<Duration> heartbeatInterval) {
        this.logInterval = logInterval;
        this.heartbeatInterval = heartbeatInterval;
    }

    @Override
    public Outcome handle(Instruction instruction) {
        JsonNode payload = instruction.payload();
        List<String> unknown = new ArrayList<>();
        Duration log = null;
        Duration heartbeat = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = payload.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            switch (e.getKey()) {
                case "log_interval_seconds" -> {
                    if (!e.getValue().isNumber() || !(e.getValue().asDouble() > 0)) {
                        return new Outcome.Declined(
                                "log_interval_seconds must be a positive number, got " + e.getValue());
                    }
                    log = seconds(e.getValue().asDouble());
                }
                case "heartbeat_interval_seconds" -> {
                    if (!e.getValue().isNumber() || e.getValue().asDouble() < 0) {
                        return new Outcome.Declined(
                                "heartbeat_interval_seconds must be 0 (off) or a positive number, got " + e.getValue());
                    }
                    heartbeat = seconds(e.getValue().asDouble());
                }
                default -> unknown.add(e.getKey());
            }
        }
        if (!unknown.isEmpty()) {
            return new Outcome.Declined("unknown settings " + unknown
                    + " (known: log_interval_seconds, heartbeat_interval_seconds); nothing was changed");
        }
        if (log == null && heartbeat == null) {
            return new Outcome.Declined("no settings given (known: log_interval_seconds, heartbeat_interval_seconds)");
        }
        ObjectNode applied = JsonNodeFactory.instance.objectNode();
        if (log != null) {
            logInterval.accept(log);
            applied.put("log_interval_seconds", log.toMillis() / 1000.0);
        }
        if (heartbeat != null) {
            heartbeatInterval.accept(heartbeat);
            applied.put("heartbeat_interval_seconds", heartbeat.toMillis() / 1000.0);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("applied", applied);
        return new Outcome.Processed(result);
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}
