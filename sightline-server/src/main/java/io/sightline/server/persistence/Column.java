package io.sightline.server.persistence;

import java.util.List;
import java.util.Objects;

/**
 * One stored field of an entity. The column name is also the JSON field name (SmartEM's names).
 *
 * @param name column and JSON field name
 * @param type value type
 * @param allowed for enumerated strings, the allowed values; empty otherwise
 * @param requiredOnCreate whether a new entity must supply it
 * @param defaultValue what a new entity gets when it does not supply it (null for none)
 */
public record Column(
        String name, ColumnType type, List<String> allowed, boolean requiredOnCreate, Object defaultValue) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = List.copyOf(allowed);
    }

    static Column of(String name, ColumnType type) {
        return new Column(name, type, List.of(), false, null);
    }

    static Column required(String name, ColumnType type) {
        return new Column(name, type, List.of(), true, null);
    }

    static Column withDefault(String name, ColumnType type, Object defaultValue) {
        return new Column(name, type, List.of(), false, defaultValue);
    }

    static Column oneOf(String name, List<String> allowed, Object defaultValue) {
        return new Column(name, ColumnType.STRING, allowed, false, defaultValue);
    }
}
