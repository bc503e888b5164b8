package io.sightline.server.persistence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to store an entity: the fields given replace the stored ones, fields not given keep their
 * stored value (or get the column default for a new entity).
 *
 * @param kind what it is
 * @param uuid its identity
 * @param fields typed values by column name (see {@link ColumnType}); a present null clears the field
 * @param mustExist true for updates of an existing entity (PUT), false for create-or-update
 */
public record Upsert(EntityKind kind, String uuid, Map<String, Object> fields, boolean mustExist) {

    public Upsert {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(uuid, "uuid");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Upsert createOrUpdate(EntityKind kind, String uuid, Map<String, Object> fields) {
        return new Upsert(kind, uuid, fields, false);
    }

    public static Upsert update(EntityKind kind, String uuid, Map<String, Object> fields) {
        return new Upsert(kind, uuid, fields, true);
    }
}
