package io.sightline.server.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.EntityType;
import java.time.Instant;
import java.util.Map;

/** An entity as SmartEM's JSON shape: {@code uuid} plus every column under its own name. */
public final class EntityJson {
    private final ObjectMapper mapper;

    public EntityJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode toJson(Entity entity) {
        ObjectNode node = mapper.createObjectNode();
        if (entity.kind().type().uuidOnWire()) {
            node.put(EntityType.UUID_FIELD, entity.uuid());
        }
        for (Map.Entry<String, Object> field : entity.values().entrySet()) {
            Object value = field.getValue();
            switch (value) {
                case null -> node.putNull(field.getKey());
                case String s -> node.put(field.getKey(), s);
                case Long l -> node.put(field.getKey(), l);
                case Double d -> node.put(field.getKey(), d);
                case Boolean b -> node.put(field.getKey(), b);
                case Instant i -> node.put(field.getKey(), i.toString());
                default -> throw new IllegalStateException("unexpected value type " + value.getClass());
            }
        }
        return node;
    }

    public String toJsonString(Entity entity) {
        return toJson(entity).toString();
    }
}
