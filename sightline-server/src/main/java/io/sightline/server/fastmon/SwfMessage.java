package io.sightline.server.fastmon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.SwfField;
import java.io.IOException;
import java.util.UUID;

/**
 * One message of the swf bus with its envelope ({@code msg_type}, {@code sender}, {@code namespace}),
 * as it reaches Sightline from AMQP or REST. The message id is the body's {@code message_id} when it is a
 * UUID (a publisher that retries keeps it, so a redelivery is recognised), else {@code fallbackId}.
 */
public record SwfMessage(String messageId, String msgType, String namespace, ObjectNode body) {

    /** Longest msg_type kept (swf-monitor's column). */
    static final int MSG_TYPE_MAX = 100;

    /** A message that cannot be relayed, with the reason. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason);
        }
    }

    public static SwfMessage parse(ObjectMapper mapper, byte[] raw, String fallbackId) throws Malformed {
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new Malformed("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new Malformed("unreadable: " + e.getMessage());
        }
        return of(node, fallbackId);
    }

    public static SwfMessage of(JsonNode node, String fallbackId) throws Malformed {
        if (node == null || !node.isObject()) {
            throw new Malformed("not a JSON object");
        }
        ObjectNode body = (ObjectNode) node;
        JsonNode type = body.get(SwfField.MSG_TYPE);
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw new Malformed("msg_type is missing or not a string");
        }
        if (type.asText().length() > MSG_TYPE_MAX) {
            throw new Malformed("msg_type is longer than " + MSG_TYPE_MAX + " characters");
        }
        String id = fallbackId;
        JsonNode given = body.get(SwfField.MESSAGE_ID);
        if (given != null && given.isTextual()) {
            try {
                id = UUID.fromString(given.asText()).toString();
            } catch (IllegalArgumentException e) {
                // not ours: keep the fallback
            }
        }
        JsonNode ns = body.get(SwfField.NAMESPACE);
        return new SwfMessage(id, type.asText(), ns == null || ns.isNull() ? null : ns.asText(), body);
    }

    /**
     * The swf receivers' namespace rule: a message is dropped when both it and the receiver carry a
     * namespace and they differ.
     */
    public boolean inNamespace(String receiverNamespace) {
        return receiverNamespace == null
                || receiverNamespace.isBlank()
                || namespace == null
                || namespace.isBlank()
                || namespace.equals(receiverNamespace);
    }
}
