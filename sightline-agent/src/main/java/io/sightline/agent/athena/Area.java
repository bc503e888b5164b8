package io.sightline.agent.athena;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;

/** Athena's {@code Area}: a grid square or foil hole of a session, by EPU's own integer id. */
public record Area(int id, UUID sessionId, AreaType areaType, Integer parentId) {
    public Area {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(areaType, "areaType");
    }

    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", id);
        o.put("sessionId", sessionId.toString());
        o.put("areaType", areaType.wireName());
        if (parentId != null) {
            o.put("parentId", parentId);
        }
        return o;
    }
}
