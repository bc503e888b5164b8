package io.sightline.server.persistence;

import io.sightline.core.wire.EntityType;
import java.util.List;
import java.util.Optional;

/**
 * How the server stores each {@link EntityType}: its table, whose columns are the type's wire fields
 * under the same names, plus {@code uuid} and (below the grid) the derived {@code acquisition_uuid}.
 * Declared in the wire vocabulary's order, parents before children (the order in which a mixed batch is
 * applied); names, parents, keys and limits all come from the {@link EntityType}.
 */
public enum EntityKind {
    ACQUISITION(EntityType.ACQUISITION, "acquisition"),
    GRID(EntityType.GRID, "grid"),
    ATLAS(EntityType.ATLAS, "atlas"),
    ATLAS_TILE(EntityType.ATLAS_TILE, "atlas_tile"),
    GRIDSQUARE(EntityType.GRIDSQUARE, "gridsquare"),
    ATLAS_TILE_GRIDSQUARE_POSITION(EntityType.ATLAS_TILE_GRIDSQUARE_POSITION, "atlas_tile_gridsquare_position"),
    FOILHOLE(EntityType.FOILHOLE, "foilhole"),
    MICROGRAPH(EntityType.MICROGRAPH, "micrograph");

    /** {@link #values()} without the copy each call makes. */
    private static final EntityKind[] ALL = values();

    private final EntityType type;
    private final String table;
    private final List<Column> columns;
    // copied out of the declaration: every upsert asks for them
    private final String parentColumn;
    private final String naturalKeyColumn;

    EntityKind(EntityType type, String table) {
        if (type.ordinal() != ordinal()) {
            throw new IllegalStateException(name() + " is not declared in the order of " + type);
        }
        this.type = type;
        this.table = table;
        this.columns = type.fields().stream().map(Column::of).toList();
        this.parentColumn =
                type.parentField() == null ? null : type.parentField().wireName();
        this.naturalKeyColumn =
                type.naturalKey() == null ? null : type.naturalKey().wireName();
    }

    /** What it is on the wire. */
    public EntityType type() {
        return type;
    }

    /** The kind that stores {@code type}. */
    public static EntityKind of(EntityType type) {
        return ALL[type.ordinal()];
    }

    /** The name used in event types ({@code gridsquare.created}) and in ingest items ({@code "kind"}). */
    public String wireName() {
        return type.wireName();
    }

    public String table() {
        return table;
    }

    /** Column holding the parent's uuid, or null for the root (acquisition). */
    public String parentColumn() {
        return parentColumn;
    }

    public Optional<EntityKind> parent() {
        return type.parent().map(EntityKind::of);
    }

    /** Column holding the instrument's id, unique within the parent; null when there is none. */
    public String naturalKeyColumn() {
        return naturalKeyColumn;
    }

    /** Whether a parent holds at most one entity of this kind (an atlas per grid). */
    public boolean onePerParent() {
        return type.onePerParent();
    }

    /**
     * A second kind this one refers to through its natural key column (the grid square of a tile
     * position), or null.
     */
    public EntityKind referenced() {
        return type.referenced() == null ? null : of(type.referenced());
    }

    /** All stored columns except {@code uuid} and the derived {@code acquisition_uuid}, parent first. */
    public List<Column> columns() {
        return columns;
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether the table has its own {@code acquisition_uuid} column besides the parent column. */
    boolean storesAcquisitionUuid() {
        return this != ACQUISITION && this != GRID;
    }

    public static Optional<EntityKind> fromWireName(String name) {
        return EntityType.find(name).map(EntityKind::of);
    }
}
