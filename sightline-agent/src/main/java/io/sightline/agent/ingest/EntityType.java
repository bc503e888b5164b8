package io.sightline.agent.ingest;

/**
 * The entities the agent reports, parents before children (the declaration order is the order in which
 * one file's changes are written). Wire names and parent columns are those of the server's
 * {@code /api/v1/ingest} items (SmartEM's field names).
 */
public enum EntityType {
    ACQUISITION("acquisition", null),
    GRID("grid", "acquisition_uuid"),
    ATLAS("atlas", "grid_uuid"),
    ATLAS_TILE("atlas_tile", "atlas_uuid"),
    GRIDSQUARE("gridsquare", "grid_uuid"),
    /** No uuid of its own on the wire: the server derives it from tile and square. */
    ATLAS_TILE_GRIDSQUARE_POSITION("atlas_tile_gridsquare_position", "atlastile_uuid"),
    FOILHOLE("foilhole", "gridsquare_uuid"),
    MICROGRAPH("micrograph", "foilhole_uuid");

    private final String wireName;
    private final String parentColumn;

    EntityType(String wireName, String parentColumn) {
        this.wireName = wireName;
        this.parentColumn = parentColumn;
    }

    public String wireName() {
        return wireName;
    }

    /** The field holding the parent's uuid; null for the acquisition. */
    public String parentColumn() {
        return parentColumn;
    }

    public static EntityType fromWireName(String name) {
        for (EntityType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown entity type " + name);
    }
}
