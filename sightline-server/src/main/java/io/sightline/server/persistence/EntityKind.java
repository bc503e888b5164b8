package io.sightline.server.persistence;

import static io.sightline.server.persistence.Column.of;
import static io.sightline.server.persistence.Column.oneOf;
import static io.sightline.server.persistence.Column.required;
import static io.sightline.server.persistence.Column.withDefault;
import static io.sightline.server.persistence.ColumnType.BOOLEAN;
import static io.sightline.server.persistence.ColumnType.INTEGER;
import static io.sightline.server.persistence.ColumnType.NUMBER;
import static io.sightline.server.persistence.ColumnType.STRING;
import static io.sightline.server.persistence.ColumnType.TIMESTAMP;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The entities of an acquisition, parents before children (the declaration order is the order in
 * which a mixed batch is applied). Each kind names its table, its parent, its natural key within the
 * parent and its columns; column names are SmartEM's JSON field names.
 */
public enum EntityKind {
    ACQUISITION(
            "acquisition",
            "acquisition",
            null,
            null,
            null,
            false,
            null,
            List.of(
                    withDefault("name", STRING, "unnamed"),
                    oneOf("status", List.of("planned", "started", "completed", "paused", "abandoned"), null),
                    of("start_time", TIMESTAMP),
                    of("end_time", TIMESTAMP),
                    of("paused_time", TIMESTAMP),
                    of("storage_path", STRING),
                    of("atlas_path", STRING),
                    of("clustering_mode", STRING),
                    of("clustering_radius", STRING),
                    of("instrument_model", STRING),
                    of("instrument_id", STRING),
                    of("computer_name", STRING))),

    GRID(
            "grid",
            "grid",
            "acquisition_uuid",
            ACQUISITION,
            null,
            false,
            null,
            List.of(
                    required("name", STRING),
                    oneOf(
                            "status",
                            List.of(
                                    "none",
                                    "scan started",
                                    "scan completed",
                                    "grid squares decision started",
                                    "grid squares decision completed"),
                            null),
                    of("data_dir", STRING),
                    of("atlas_dir", STRING),
                    of("scan_start_time", TIMESTAMP),
                    of("scan_end_time", TIMESTAMP))),

    /** At most one atlas per grid: the grid alone is its natural key. */
    ATLAS(
            "atlas",
            "atlas",
            "grid_uuid",
            GRID,
            null,
            true,
            null,
            List.of(
                    of("atlas_id", STRING),
                    required("name", STRING),
                    of("acquisition_date", TIMESTAMP),
                    of("storage_folder", STRING),
                    of("description", STRING))),

    ATLAS_TILE(
            "atlas_tile",
            "atlas_tile",
            "atlas_uuid",
            ATLAS,
            "tile_id",
            false,
            null,
            List.of(
                    of("tile_id", STRING),
                    of("position_x", INTEGER),
                    of("position_y", INTEGER),
                    of("size_x", INTEGER),
                    of("size_y", INTEGER),
                    of("file_format", STRING),
                    of("base_filename", STRING))),

    GRIDSQUARE(
            "gridsquare",
            "gridsquare",
            "grid_uuid",
            GRID,
            "gridsquare_id",
            false,
            null,
            List.of(
                    required("gridsquare_id", STRING),
                    oneOf(
                            "status",
                            List.of(
                                    "none",
                                    "all foil holes registered",
                                    "foil holes decision started",
                                    "foil holes decision completed"),
                            null),
                    of("data_dir", STRING),
                    of("atlas_node_id", INTEGER),
                    of("state", STRING),
                    of("rotation", NUMBER),
                    of("image_path", STRING),
                    of("selected", BOOLEAN),
                    of("unusable", BOOLEAN),
                    of("stage_position_x", NUMBER),
                    of("stage_position_y", NUMBER),
                    of("stage_position_z", NUMBER),
                    of("center_x", INTEGER),
                    of("center_y", INTEGER),
                    of("physical_x", NUMBER),
                    of("physical_y", NUMBER),
                    of("size_width", INTEGER),
                    of("size_height", INTEGER),
                    of("acquisition_datetime", TIMESTAMP),
                    of("defocus", NUMBER),
                    of("magnification", NUMBER),
                    of("pixel_size", NUMBER),
                    of("detector_name", STRING),
                    of("applied_defocus", NUMBER),
                    withDefault("lowmag", BOOLEAN, false))),

    /**
     * Where a grid square lies on an atlas tile. Its uuid is derived from the tile and the square
     * ({@code EntityUuids.position}); the square is its natural key within the tile.
     */
    ATLAS_TILE_GRIDSQUARE_POSITION(
            "atlas_tile_gridsquare_position",
            "atlas_tile_gridsquare_position",
            "atlastile_uuid",
            ATLAS_TILE,
            "gridsquare_uuid",
            false,
            GRIDSQUARE,
            List.of(
                    required("gridsquare_uuid", STRING),
                    required("center_x", INTEGER),
                    required("center_y", INTEGER),
                    required("size_width", INTEGER),
                    required("size_height", INTEGER))),

    FOILHOLE(
            "foilhole",
            "foilhole",
            "gridsquare_uuid",
            GRIDSQUARE,
            "foilhole_id",
            false,
            null,
            List.of(
                    required("foilhole_id", STRING),
                    of("gridsquare_id", STRING),
                    oneOf("status", List.of("none", "micrographs detected"), null),
                    of("center_x", NUMBER),
                    of("center_y", NUMBER),
                    of("quality", NUMBER),
                    of("rotation", NUMBER),
                    of("size_width", NUMBER),
                    of("size_height", NUMBER),
                    of("x_location", INTEGER),
                    of("y_location", INTEGER),
                    of("x_stage_position", NUMBER),
                    of("y_stage_position", NUMBER),
                    of("diameter", INTEGER),
                    withDefault("is_near_grid_bar", BOOLEAN, false))),

    MICROGRAPH(
            "micrograph",
            "micrograph",
            "foilhole_uuid",
            FOILHOLE,
            "micrograph_id",
            false,
            null,
            List.of(
                    of("micrograph_id", STRING),
                    of("foilhole_id", STRING),
                    of("location_id", STRING),
                    oneOf(
                            "status",
                            List.of(
                                    "none",
                                    "motion correction started",
                                    "motion correction completed",
                                    "ctf started",
                                    "ctf completed",
                                    "particle picking started",
                                    "particle picking completed",
                                    "particle selection started",
                                    "particle selection completed"),
                            "none"),
                    of("high_res_path", STRING),
                    of("manifest_file", STRING),
                    of("acquisition_datetime", TIMESTAMP),
                    of("defocus", NUMBER),
                    of("detector_name", STRING),
                    of("energy_filter", BOOLEAN),
                    of("phase_plate", BOOLEAN),
                    of("image_size_x", INTEGER),
                    of("image_size_y", INTEGER),
                    of("binning_x", INTEGER),
                    of("binning_y", INTEGER),
                    of("total_motion", NUMBER),
                    of("average_motion", NUMBER),
                    of("ctf_max_resolution_estimate", NUMBER),
                    of("number_of_particles_selected", INTEGER),
                    of("number_of_particles_rejected", INTEGER),
                    of("number_of_particles_picked", INTEGER),
                    of("selection_distribution", STRING),
                    of("pick_distribution", STRING)));

    private final String wireName;
    private final String table;
    private final String parentColumn;
    private final EntityKind parent;
    private final String naturalKeyColumn;
    private final boolean onePerParent;
    private final EntityKind referenced;
    private final List<Column> columns;

    EntityKind(
            String wireName,
            String table,
            String parentColumn,
            EntityKind parent,
            String naturalKeyColumn,
            boolean onePerParent,
            EntityKind referenced,
            List<Column> columns) {
        this.wireName = wireName;
        this.table = table;
        this.parentColumn = parentColumn;
        this.parent = parent;
        this.naturalKeyColumn = naturalKeyColumn;
        this.onePerParent = onePerParent;
        this.referenced = referenced;
        this.columns = parentColumn == null
                ? List.copyOf(columns)
                : java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(required(parentColumn, STRING)), columns.stream())
                        .toList();
    }

    /** The name used in event types ({@code gridsquare.created}) and in ingest items ({@code "kind"}). */
    public String wireName() {
        return wireName;
    }

    public String table() {
        return table;
    }

    /** Column holding the parent's uuid, or null for the root (acquisition). */
    public String parentColumn() {
        return parentColumn;
    }

    public Optional<EntityKind> parent() {
        return Optional.ofNullable(parent);
    }

    /** Column holding the instrument's id, unique within the parent; null when there is none. */
    public String naturalKeyColumn() {
        return naturalKeyColumn;
    }

    /** Whether a parent holds at most one entity of this kind (an atlas per grid). */
    public boolean onePerParent() {
        return onePerParent;
    }

    /**
     * A second kind this one refers to through its natural key column (the grid square of a tile
     * position), or null.
     */
    public EntityKind referenced() {
        return referenced;
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
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (EntityKind kind : values()) {
            if (kind.wireName.equals(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
