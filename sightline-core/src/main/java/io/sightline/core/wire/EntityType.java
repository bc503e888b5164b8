package io.sightline.core.wire;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The entities of an acquisition as agent and server exchange them, parents before children (the
 * declaration order is the order in which a mixed batch is applied and one file's changes are written).
 * Each kind names its parent and the field holding the parent's uuid, its natural key within the parent,
 * its fields with their limits, and its SmartEM endpoints. An ingest item ({@code POST /api/v1/ingest}) is
 * {@value #KIND_FIELD}, {@value #UUID_FIELD} (unless {@link #uuidOnWire()} is false) and the fields: the
 * SmartEM create body of its kind.
 */
public enum EntityType implements WireName {
    ACQUISITION(declare("acquisition", AcquisitionField.values())
            .smartEm(new SmartEmPaths("/acquisitions", "/acquisitions/{uuid}", false))),
    /** A grid is its EPU session folder within its acquisition (a grid without one has no natural key). */
    GRID(declare("grid", GridField.values())
            .under(ACQUISITION, GridField.ACQUISITION_UUID)
            .key(GridField.DATA_DIR)
            .smartEm(new SmartEmPaths("/acquisitions/{acquisition_uuid}/grids", "/grids/{uuid}", false))),
    /** At most one atlas per grid: the grid alone is its natural key. */
    ATLAS(declare("atlas", AtlasField.values())
            .under(GRID, AtlasField.GRID_UUID)
            .onePerParent()
            .smartEm(new SmartEmPaths("/grids/{grid_uuid}/atlas", "/atlases/{uuid}", false))),
    ATLAS_TILE(declare("atlas_tile", AtlasTileField.values())
            .under(ATLAS, AtlasTileField.ATLAS_UUID)
            .key(AtlasTileField.TILE_ID)
            .smartEm(new SmartEmPaths("/atlases/{atlas_uuid}/tiles", "/atlas-tiles/{uuid}", false))),
    GRIDSQUARE(declare("gridsquare", GridSquareField.values())
            .under(GRID, GridSquareField.GRID_UUID)
            .key(GridSquareField.GRIDSQUARE_ID)
            .smartEm(new SmartEmPaths("/grids/{grid_uuid}/gridsquares", "/gridsquares/{uuid}", false))),
    /**
     * Where a grid square lies on an atlas tile. No uuid of its own on the wire: it is derived from tile and
     * square ({@code EntityUuids.position}); the square is its natural key within the tile.
     */
    ATLAS_TILE_GRIDSQUARE_POSITION(declare("atlas_tile_gridsquare_position", TilePositionField.values())
            .under(ATLAS_TILE, TilePositionField.ATLASTILE_UUID)
            .key(TilePositionField.GRIDSQUARE_UUID)
            .referencing(GRIDSQUARE)
            .derivedUuid()
            .smartEm(new SmartEmPaths("/atlas-tiles/{atlastile_uuid}/gridsquares/{gridsquare_uuid}", null, false))),
    FOILHOLE(declare("foilhole", FoilHoleField.values())
            .under(GRIDSQUARE, FoilHoleField.GRIDSQUARE_UUID)
            .key(FoilHoleField.FOILHOLE_ID)
            .smartEm(new SmartEmPaths("/gridsquares/{gridsquare_uuid}/foilholes", "/foilholes/{uuid}", true))),
    MICROGRAPH(declare("micrograph", MicrographField.values())
            .under(FOILHOLE, MicrographField.FOILHOLE_UUID)
            .key(MicrographField.MICROGRAPH_ID)
            .smartEm(new SmartEmPaths("/foilholes/{foilhole_uuid}/micrographs", "/micrographs/{uuid}", false)));

    private static final EntityType[] ALL = values();

    /** The ingest item's field naming its kind. */
    public static final String KIND_FIELD = "kind";
    /** The field holding an entity's own uuid. */
    public static final String UUID_FIELD = "uuid";

    private final Declaration declaration;
    private final List<WireField> fields;

    EntityType(Declaration declaration) {
        this.declaration = declaration;
        this.fields = List.of(declaration.fields);
        for (String name : declaration.smartEm.placeholders()) {
            boolean uuidField = field(name)
                    .map(f -> f.spec().type() instanceof WireType.Uuid)
                    .orElse(false);
            if (!name.equals(UUID_FIELD) && !uuidField) {
                throw new IllegalStateException(declaration.wireName + ": SmartEM path names " + name
                        + ", which is not one of its uuid fields");
            }
        }
        if (declaration.parentField != null && fields.getFirst() != declaration.parentField) {
            throw new IllegalStateException(declaration.wireName + ": the parent field comes first");
        }
    }

    /** The name in ingest items ({@value #KIND_FIELD}) and event types ({@code gridsquare.created}). */
    @Override
    public String wireName() {
        return declaration.wireName;
    }

    /** The kind of the parent; empty for the acquisition. */
    public Optional<EntityType> parent() {
        return Optional.ofNullable(declaration.parent);
    }

    /** The field holding the parent's uuid; null for the acquisition. */
    public WireField parentField() {
        return declaration.parentField;
    }

    /** The instrument's id, unique within the parent; null when there is none. */
    public WireField naturalKey() {
        return declaration.naturalKey;
    }

    /** Whether a parent holds at most one entity of this kind (an atlas per grid). */
    public boolean onePerParent() {
        return declaration.onePerParent;
    }

    /**
     * A second kind this one refers to through its natural key (the grid square of a tile position), or
     * null.
     */
    public EntityType referenced() {
        return declaration.referenced;
    }

    /** Whether items carry {@value #UUID_FIELD}; false where the uuid is derived from parent and key. */
    public boolean uuidOnWire() {
        return declaration.uuidOnWire;
    }

    /** Every field, the parent's uuid first. */
    public List<WireField> fields() {
        return fields;
    }

    public Optional<WireField> field(String name) {
        for (WireField field : fields) {
            if (field.wireName().equals(name)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** Its SmartEM endpoints. */
    public SmartEmPaths smartEm() {
        return declaration.smartEm;
    }

    /** The kind of {@code name} (any case), if there is one. */
    public static Optional<EntityType> find(String name) {
        // a loop, not a stream: the server looks up every ingest item's kind, and runs C1 only
        String wanted = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (EntityType type : ALL) {
            if (type.wireName().equals(wanted)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The kind of {@code name}; an unknown name is a programming error here. */
    public static EntityType fromWireName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown entity type " + name));
    }

    private static Declaration declare(String wireName, WireField[] fields) {
        return new Declaration(wireName, fields);
    }

    /** What a kind is, put together before the enum constant is. */
    private static final class Declaration {
        private final String wireName;
        private final WireField[] fields;
        private EntityType parent;
        private WireField parentField;
        private WireField naturalKey;
        private boolean onePerParent;
        private EntityType referenced;
        private boolean uuidOnWire = true;
        private SmartEmPaths smartEm;

        private Declaration(String wireName, WireField[] fields) {
            this.wireName = wireName;
            this.fields = fields;
        }

        Declaration under(EntityType parent, WireField parentField) {
            this.parent = Objects.requireNonNull(parent, "parent");
            this.parentField = Objects.requireNonNull(parentField, "parentField");
            return this;
        }

        Declaration key(WireField naturalKey) {
            this.naturalKey = naturalKey;
            return this;
        }

        Declaration onePerParent() {
            this.onePerParent = true;
            return this;
        }

        Declaration referencing(EntityType referenced) {
            this.referenced = Objects.requireNonNull(referenced, "referenced");
            return this;
        }

        Declaration derivedUuid() {
            this.uuidOnWire = false;
            return this;
        }

        Declaration smartEm(SmartEmPaths paths) {
            this.smartEm = paths;
            return this;
        }
    }
}
