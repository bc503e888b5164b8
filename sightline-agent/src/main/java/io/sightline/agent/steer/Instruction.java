package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sightline.core.wire.InstructionField;
import java.io.IOException;
import java.util.Objects;

/**
 * One instruction as the {@code instruction} event carries it (docs/steering.md, "The stream").
 *
 * @param payload always an object ({@code {}} when the server sent none)
 */
public record Instruction(
        String instructionId,
        String instructionType,
        JsonNode payload,
        String priority,
        Long sequenceNumber,
        String createdAt,
        String expiresAt,
        int deliveryCount) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public Instruction {
        Objects.requireNonNull(instructionId, "instructionId");
        Objects.requireNonNull(instructionType, "instructionType");
        payload = payload == null || payload.isNull() || payload.isMissingNode()
                ? JsonNodeFactory.instance.objectNode()
                : payload;
    }

    /** Reads the {@code data:} of an {@code instruction} event; a message says what is wrong. */
    public static Instruction parse(String data) {
        JsonNode json;
        try {
            json = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new IllegalArgumentException("instruction event is not JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("instruction event is not a JSON object");
        }
        String id = text(json, InstructionField.INSTRUCTION_ID.wireName());
        String type = text(json, InstructionField.INSTRUCTION_TYPE.wireName());
        if (id == null || type == null) {
            throw new IllegalArgumentException("instruction event without instruction_id or instruction_type: " + data);
        }
        JsonNode payload = json.get(InstructionField.PAYLOAD.wireName());
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            throw new IllegalArgumentException("instruction " + id + ": payload is not an object");
        }
        JsonNode seq = json.get(InstructionField.SEQUENCE_NUMBER.wireName());
        return new Instruction(
                id,
                type,
                payload,
                text(json, InstructionField.PRIORITY.wireName()),
                seq == null || seq.isNull() ? null : seq.asLong(),
                text(json, "created_at"),
                text(json, InstructionField.EXPIRES_AT.wireName()),
                json.path("delivery_count").asInt(0));
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
