package io.sightline.agent.athena;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Athena's {@code DecisionRecord} as the agent posts it (no plugin type: the decision is ours, not a plugin's). */
public record Decision(
        UUID id,
        UUID sessionId,
        int areaId,
        DecisionType decisionType,
        String decisionValue,
        String decidedBy,
        String details,
        Instant timestamp) {
    public Decision {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(decisionType, "decisionType");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id.toString());
        o.put("sessionId", sessionId.toString());
        o.put("areaId", areaId);
        o.put("decisionType", decisionType.wireName());
        o.put("decisionValue", decisionValue);
        o.put("decidedBy", decidedBy);
        if (details != null) {
            o.put("details", details);
        }
        o.put("timestamp", timestamp.toString());
        return o;
    }
}
