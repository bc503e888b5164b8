package io.sightline.server.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored entity.
 *
 * @param kind what it is
 * @param uuid its identity
 * @param acquisitionUuid the acquisition it belongs to (its own uuid for an acquisition)
 * @param values every column of {@link EntityKind#columns()} (null when unset), in column order
 */
public record Entity(EntityKind kind, String uuid, String acquisitionUuid, Map<String, Object> values) {

    public Entity {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uuid, "uuid");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object get(String column) {
        return values.get(column);
    }

    /** The parent's uuid, or null for an acquisition. */
    public String parentUuid() {
        return kind.parentColumn() == null ? null : (String) values.get(kind.parentColumn());
    }
}
