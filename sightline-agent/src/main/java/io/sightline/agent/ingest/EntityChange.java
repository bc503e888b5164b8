package io.sightline.agent.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.EntityType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entity as it should now be on the server: every field the agent knows (parent uuid included),
 * sent as a create-or-update. Values are JSON scalars only: {@link String}, {@link Long}, {@link Double},
 * {@link Boolean} (times are ISO-8601 strings).
 */
public record EntityChange(EntityType type, String uuid, Map<String, Object> fields) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public EntityChange {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uuid, "uuid");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The parent's uuid, or null for the acquisition. */
    public String parentUuid() {
        return type.parentField() == null
                ? null
                : (String) fields.get(type.parentField().wireName());
    }

    /** The ingest item: {@code kind}, {@code uuid} (where it is on the wire) and the fields. */
    public String toItemJson() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(EntityType.KIND_FIELD, type.wireName());
        if (type.uuidOnWire()) {
            node.put(EntityType.UUID_FIELD, uuid);
        }
        fields.forEach((name, value) -> {
            switch (value) {
                case String s -> node.put(name, s);
                case Long l -> node.put(name, l);
                case Double d -> node.put(name, d);
                case Boolean b -> node.put(name, b);
                default -> throw new IllegalStateException("field " + name + " holds a " + value.getClass());
            }
        });
        return node.toString();
    }
}
