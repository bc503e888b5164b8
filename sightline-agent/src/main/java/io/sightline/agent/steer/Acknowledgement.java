package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The body of {@code POST .../ack} ({@code AgentInstructionAcknowledgement}, additionalProperties false).
 * {@code result} is a string on the wire, so a handler's JSON result travels serialised.
 */
public record Acknowledgement(
        AckStatus status, String result, String errorMessage, Long processingTimeMs, Instant processedAt) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Acknowledgement {
        Objects.requireNonNull(status, "status");
    }

    public static Acknowledgement received() {
        return new Acknowledgement(AckStatus.RECEIVED, null, null, null, null);
    }

    /** The final acknowledgement of {@code outcome}. */
    public static Acknowledgement of(Outcome outcome, long processingTimeMs, Instant processedAt) {
        Instant at = processedAt.truncatedTo(ChronoUnit.MILLIS);
        return switch (outcome) {
            case Outcome.Processed p ->
                new Acknowledgement(AckStatus.PROCESSED, json(p.result()), null, processingTimeMs, at);
            case Outcome.Failed f ->
                new Acknowledgement(AckStatus.FAILED, json(f.result()), f.error(), processingTimeMs, at);
            case Outcome.Declined d -> new Acknowledgement(AckStatus.DECLINED, null, d.reason(), processingTimeMs, at);
        };
    }

    private static String json(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.toString();
    }

    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("status", status.wireName());
        if (result != null) {
            o.put("result", result);
        }
        if (errorMessage != null) {
            o.put("error_message", errorMessage);
        }
        if (processingTimeMs != null) {
            o.put("processing_time_ms", processingTimeMs);
        }
        if (processedAt != null) {
            o.put("processed_at", processedAt.toString());
        }
        return o.toString();
    }

    /** Reads a body written by {@link #toJson()} (the remembered final acks). */
    public static Acknowledgement fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new Acknowledgement(
                    AckStatus.valueOf(n.get("status").asText().toUpperCase(java.util.Locale.ROOT)),
                    n.hasNonNull("result") ? n.get("result").asText() : null,
                    n.hasNonNull("error_message") ? n.get("error_message").asText() : null,
                    n.hasNonNull("processing_time_ms")
                            ? n.get("processing_time_ms").asLong()
                            : null,
                    n.hasNonNull("processed_at")
                            ? Instant.parse(n.get("processed_at").asText())
                            : null);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored acknowledgement: " + json, e);
        }
    }
}
