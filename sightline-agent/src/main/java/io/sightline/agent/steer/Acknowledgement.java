package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.AckField;
import io.sightline.core.wire.AckStatus;
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

    /**
     * The body; {@code result} and {@code error_message} are made to fit their declared limits, so that a
     * huge or odd handler output cannot make the server refuse the acknowledgement.
     */
    public String toJson() {
        ObjectNode o = MAPPER.createObjectNode();
        o.put(AckField.STATUS.wireName(), status.wireName());
        if (result != null) {
            o.put(AckField.RESULT.wireName(), AckField.RESULT.spec().fit(result));
        }
        if (errorMessage != null) {
            o.put(
                    AckField.ERROR_MESSAGE.wireName(),
                    AckField.ERROR_MESSAGE.spec().fit(errorMessage));
        }
        if (processingTimeMs != null) {
            o.put(AckField.PROCESSING_TIME_MS.wireName(), processingTimeMs);
        }
        if (processedAt != null) {
            o.put(AckField.PROCESSED_AT.wireName(), processedAt.toString());
        }
        return o.toString();
    }

    /** Reads a body written by {@link #toJson()} (the remembered final acks). */
    public static Acknowledgement fromJson(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new Acknowledgement(
                    AckStatus.parse(n.path(AckField.STATUS.wireName()).asText())
                            .orElseThrow(() -> new IllegalArgumentException("no acknowledgement status")),
                    text(n, AckField.RESULT),
                    text(n, AckField.ERROR_MESSAGE),
                    n.hasNonNull(AckField.PROCESSING_TIME_MS.wireName())
                            ? n.get(AckField.PROCESSING_TIME_MS.wireName()).asLong()
                            : null,
                    n.hasNonNull(AckField.PROCESSED_AT.wireName())
                            ? Instant.parse(
                                    n.get(AckField.PROCESSED_AT.wireName()).asText())
                            : null);
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored acknowledgement: " + json, e);
        }
    }

    private static String text(JsonNode node, AckField field) {
        return node.hasNonNull(field.wireName()) ? node.get(field.wireName()).asText() : null;
    }
}
