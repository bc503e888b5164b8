package io.sightline.server.persistence;

import io.sightline.core.wire.FieldSpec;
import io.sightline.core.wire.WireField;
import io.sightline.core.wire.WireType;
import java.util.List;
import java.util.Objects;

/**
 * Where one wire field of an entity is stored: the column of the same name (SmartEM's JSON field names
 * are the column names) and the SQL type its values are bound as. Name and spec are copied out of the
 * field's declaration because every row of every write reads them.
 *
 * @param name the column and JSON field name
 * @param type the SQL type
 * @param spec the field's declaration: type, limits, default
 */
public record Column(String name, ColumnType type, FieldSpec spec) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(spec, "spec");
    }

    /** The column of {@code field}, typed after its wire type. */
    static Column of(WireField field) {
        ColumnType type = switch (field.spec().type()) {
            case WireType.Text t -> ColumnType.STRING;
            case WireType.Uuid u -> ColumnType.STRING;
            case WireType.JsonObject j -> ColumnType.STRING;
            case WireType.Whole w -> ColumnType.INTEGER;
            case WireType.Real r -> ColumnType.NUMBER;
            case WireType.Flag f -> ColumnType.BOOLEAN;
            case WireType.Time t -> ColumnType.TIMESTAMP;
        };
        return new Column(field.wireName(), type, field.spec());
    }

    /** For enumerated strings, the allowed values; empty otherwise. */
    public List<String> allowed() {
        return spec.type() instanceof WireType.Text text ? text.allowed() : List.of();
    }

    /** Whether a new entity must supply it. */
    public boolean requiredOnCreate() {
        return spec.requiredOnCreate();
    }

    /** What a new entity gets when it does not supply it (null for none). */
    public Object defaultValue() {
        return spec.defaultValue();
    }
}
