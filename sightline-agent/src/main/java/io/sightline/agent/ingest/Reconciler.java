package io.sightline.agent.ingest;

import io.sightline.core.epu.kind.AtlasLink;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.AtlasSquarePosition;
import io.sightline.core.epu.model.AtlasTile;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.model.TilePosition;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.read.FoilHoleMerge;
import io.sightline.core.ids.EntityUuids;
import io.sightline.core.wire.AcquisitionField;
import io.sightline.core.wire.AtlasField;
import io.sightline.core.wire.AtlasTileField;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.FoilHoleField;
import io.sightline.core.wire.GridField;
import io.sightline.core.wire.GridSquareField;
import io.sightline.core.wire.MicrographField;
import io.sightline.core.wire.TilePositionField;
import io.sightline.core.wire.Violation;
import io.sightline.core.wire.WireField;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one read EPU file into entity changes for one watched visit (one acquisition). It keeps what it
 * has sent per entity and answers only with entities whose fields changed, so a re-read file that says
 * the same thing produces nothing and a modified one updates (never duplicates: uuids are derived from
 * parent and natural key with {@link EntityUuids}).
 *
 * <p>A file whose parent entity is not known yet is answered with {@link Result.Waiting}; nothing of it
 * is applied. Not thread-safe: one ingest thread calls it (the counters may be read from any thread).
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final Path root;
    private final EpuKinds kinds = EpuKinds.standard();
    private final String acquisitionUuid;
    private final Map<String, Object> acquisitionFields;
    /** Fields last produced per entity uuid; an entity is known once it is in here. */
    private final Map<String, Map<String, Object>> entities = new HashMap<>();

    private final Map<String, FoilHole> holes = new HashMap<>();
    private final Map<String, GridLink> grids = new LinkedHashMap<>();
    private final Map<EntityType, LongAdder> counts = new ConcurrentHashMap<>();
    /** Fields whose values were left out for not fitting their declared limits (each is warned about once). */
    private final Set<WireField> warned = new HashSet<>();

    /** What applying a file gave. */
    public sealed interface Result {
        /** Changes to store, parents first, and the parents that became known (their children may go on). */
        record Applied(List<EntityChange> changes, List<ParentRef> released) implements Result {}

        /** Nothing applied: the file waits for {@code parent}. */
        record Waiting(ParentRef parent) implements Result {}
    }

    /** A grid folder and which atlas its session names (null: none). */
    private record GridLink(String key, Path folder, String uuid, AtlasLink link) {}

    /** The atlas file each grid (by key) uses so far: the one its link prefers among those applied. */
    private final Map<String, Path> gridAtlas = new HashMap<>();

    /**
     * @param root     the watched visit folder
     * @param agentId  names the acquisition together with the root: {@code derive(ROOT, "acquisition",
     *                 agentId + "|" + root)}
     */
    public Reconciler(Path root, String agentId) {
        this.root = root.toAbsolutePath().normalize();
        this.acquisitionUuid = EntityUuids.derive(
                        EntityUuids.ROOT,
                        EntityType.ACQUISITION.wireName(),
                        agentId + "|" + this.root.toString().replace('\\', '/'))
                .toString();
        Map<String, Object> fields = new LinkedHashMap<>();
        Path name = this.root.getFileName();
        put(fields, AcquisitionField.NAME, name == null ? this.root.toString() : name.toString());
        put(fields, AcquisitionField.STORAGE_PATH, this.root.toString());
        this.acquisitionFields = fields;
    }

    public String acquisitionUuid() {
        return acquisitionUuid;
    }

    /**
     * Takes over what earlier runs produced (from the agent's store), so that files they applied need
     * not be read again and a changed file answers with only what changed. Call before {@link #start()};
     * restored entities are not counted in {@link #counts()} (that is this run's work).
     */
    public void restore(List<EntityChange> known) {
        for (EntityChange entity : known) {
            entities.put(entity.uuid(), new LinkedHashMap<>(entity.fields()));
        }
    }

    /** The acquisition itself: the first change of a run (repeats after a restart are harmless upserts). */
    public Result.Applied start() {
        List<EntityChange> out = new ArrayList<>();
        merge(out, EntityType.ACQUISITION, acquisitionUuid, acquisitionFields);
        return new Result.Applied(out, List.of());
    }

    /** How many distinct entities of each type this run has produced. */
    public Map<EntityType, Long> counts() {
        Map<EntityType, Long> out = new EnumMap<>(EntityType.class);
        counts.forEach((type, n) -> out.put(type, n.sum()));
        return out;
    }

    /** Applies one read file; {@code path} is where it was read (absolute). */
    public Result apply(EpuFile file, EpuRecord record, Path path) {
        Path p = path.toAbsolutePath().normalize();
        List<EntityChange> out = new ArrayList<>();
        List<ParentRef> released = new ArrayList<>();
        Path grid = kinds.kindOf(file).gridFolder().of(p);
        Result waiting = switch (record) {
            case EpuSession s -> session(s, grid, out, released);
            case Atlas a -> atlas(a, p, out);
            case GridSquareMetadata m -> squareMetadata(m, grid, out);
            case GridSquareManifest m -> squareManifest(m, grid, out);
            case FoilHoleManifest m -> foilHoleManifest(m, grid, out);
            case MicrographManifest m -> micrograph(m, p, grid, out);
            default -> throw new IllegalArgumentException("no entities for " + kinds.kindOf(file));
        };
        if (waiting != null) {
            return waiting;
        }
        out.sort(Comparator.comparing(EntityChange::type)); // stable: parents first, file order within a type
        for (EntityChange change : out) {
            if (change.type() == EntityType.GRID
                    || change.type() == EntityType.GRIDSQUARE
                    || change.type() == EntityType.FOILHOLE) {
                released.add(new ParentRef(change.type().wireName(), change.uuid()));
            }
        }
        return new Result.Applied(out, released);
    }

    // ---- per record kind ----

    private Result session(EpuSession s, Path folder, List<EntityChange> out, List<ParentRef> released) {
        String key = gridKey(folder);
        String gridUuid = gridUuid(key);
        AtlasLink link = AtlasLink.of(folder, s).orElse(null);
        grids.put(key, new GridLink(key, folder, gridUuid, link));
        Path candidate = link == null ? null : link.expected();
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, GridField.ACQUISITION_UUID, acquisitionUuid);
        put(
                f,
                GridField.NAME,
                s.name() != null && !s.name().isBlank()
                        ? s.name()
                        : folder.getFileName().toString());
        put(f, GridField.DATA_DIR, folder.toString());
        if (candidate != null && candidate.getParent() != null) {
            put(f, GridField.ATLAS_DIR, candidate.getParent().toString());
        }
        put(f, GridField.SCAN_START_TIME, s.startTime());
        merge(out, EntityType.GRID, gridUuid, f);
        // an atlas that arrived before any session named it may belong to this grid now
        released.add(new ParentRef(ParentRef.ATLAS_LINK, "*"));
        return null;
    }

    private Result atlas(Atlas a, Path p, List<EntityChange> out) {
        if (grids.values().stream().noneMatch(g -> g.link() != null && g.link().links(p))) {
            return new Result.Waiting(new ParentRef(ParentRef.ATLAS_LINK, p.toString()));
        }
        // A grid whose session links several atlas files uses the one its link prefers, as parse dir does.
        List<GridLink> linked = grids.values().stream()
                .filter(g -> g.link() != null
                        && (p.equals(gridAtlas.get(g.key())) || g.link().prefers(p, gridAtlas.get(g.key()))))
                .toList();
        for (GridLink grid : linked) {
            gridAtlas.put(grid.key(), p);
            String atlasUuid = EntityUuids.derive(UUID.fromString(grid.uuid()), EntityType.ATLAS.wireName(), "atlas")
                    .toString();
            Map<String, Object> f = new LinkedHashMap<>();
            put(f, AtlasField.GRID_UUID, grid.uuid());
            put(f, AtlasField.ATLAS_ID, Long.toString(a.sessionId()));
            put(f, AtlasField.NAME, a.name() != null && !a.name().isBlank() ? a.name() : "Atlas");
            put(f, AtlasField.ACQUISITION_DATE, a.acquisitionTime());
            put(f, AtlasField.STORAGE_FOLDER, a.storageFolder());
            put(f, AtlasField.DESCRIPTION, a.description());
            merge(out, EntityType.ATLAS, atlasUuid, f);
            Map<Long, String> tiles = new HashMap<>();
            for (AtlasTile tile : a.tiles()) {
                String tileUuid = EntityUuids.derive(
                                UUID.fromString(atlasUuid), EntityType.ATLAS_TILE.wireName(), Long.toString(tile.id()))
                        .toString();
                tiles.put(tile.id(), tileUuid);
                Map<String, Object> t = new LinkedHashMap<>();
                put(t, AtlasTileField.ATLAS_UUID, atlasUuid);
                put(t, AtlasTileField.TILE_ID, Long.toString(tile.id()));
                if (tile.atlasPixelPosition() != null) {
                    put(
                            t,
                            AtlasTileField.POSITION_X,
                            Math.round(tile.atlasPixelPosition().x()));
                    put(
                            t,
                            AtlasTileField.POSITION_Y,
                            Math.round(tile.atlasPixelPosition().y()));
                    put(
                            t,
                            AtlasTileField.SIZE_X,
                            Math.round(tile.atlasPixelPosition().width()));
                    put(
                            t,
                            AtlasTileField.SIZE_Y,
                            Math.round(tile.atlasPixelPosition().height()));
                }
                put(t, AtlasTileField.FILE_FORMAT, tile.imageFormat());
                put(t, AtlasTileField.BASE_FILENAME, tile.imageBaseName());
                merge(out, EntityType.ATLAS_TILE, tileUuid, t);
            }
            for (AtlasSquarePosition square : a.squares()) {
                String squareUuid = squareUuid(grid.uuid(), square.squareId());
                Map<String, Object> q = new LinkedHashMap<>();
                put(q, GridSquareField.GRID_UUID, grid.uuid());
                put(q, GridSquareField.GRIDSQUARE_ID, Long.toString(square.squareId()));
                put(q, GridSquareField.ATLAS_NODE_ID, square.squareId());
                if (square.center() != null) {
                    put(q, GridSquareField.CENTER_X, Math.round(square.center().x()));
                    put(q, GridSquareField.CENTER_Y, Math.round(square.center().y()));
                }
                if (square.size() != null) {
                    put(q, GridSquareField.SIZE_WIDTH, Math.round(square.size().width()));
                    put(q, GridSquareField.SIZE_HEIGHT, Math.round(square.size().height()));
                }
                put(q, GridSquareField.ROTATION, square.rotation());
                if (square.physical() != null) {
                    put(q, GridSquareField.PHYSICAL_X, square.physical().x());
                    put(q, GridSquareField.PHYSICAL_Y, square.physical().y());
                }
                merge(out, EntityType.GRIDSQUARE, squareUuid, q);
                for (TilePosition position : square.tilePositions()) {
                    String tileUuid = tiles.get(position.tileId());
                    if (tileUuid == null || position.center() == null || position.size() == null) {
                        continue;
                    }
                    Map<String, Object> tp = new LinkedHashMap<>();
                    put(tp, TilePositionField.ATLASTILE_UUID, tileUuid);
                    put(tp, TilePositionField.GRIDSQUARE_UUID, squareUuid);
                    put(
                            tp,
                            TilePositionField.CENTER_X,
                            Math.round(position.center().x()));
                    put(
                            tp,
                            TilePositionField.CENTER_Y,
                            Math.round(position.center().y()));
                    put(
                            tp,
                            TilePositionField.SIZE_WIDTH,
                            Math.round(position.size().width()));
                    put(
                            tp,
                            TilePositionField.SIZE_HEIGHT,
                            Math.round(position.size().height()));
                    merge(
                            out,
                            EntityType.ATLAS_TILE_GRIDSQUARE_POSITION,
                            EntityUuids.position(tileUuid, squareUuid),
                            tp);
                }
            }
        }
        return null;
    }

    private Result squareMetadata(GridSquareMetadata m, Path grid, List<EntityChange> out) {
        String gridUuid = gridUuid(gridKey(grid));
        if (!entities.containsKey(gridUuid)) {
            return new Result.Waiting(new ParentRef(EntityType.GRID.wireName(), gridUuid));
        }
        String squareUuid = squareUuid(gridUuid, m.squareId());
        Map<String, Object> q = new LinkedHashMap<>();
        put(q, GridSquareField.GRID_UUID, gridUuid);
        put(q, GridSquareField.GRIDSQUARE_ID, Long.toString(m.squareId()));
        if (m.stagePosition() != null) {
            put(q, GridSquareField.STAGE_POSITION_X, m.stagePosition().x());
            put(q, GridSquareField.STAGE_POSITION_Y, m.stagePosition().y());
            put(q, GridSquareField.STAGE_POSITION_Z, m.stagePosition().z());
        }
        put(q, GridSquareField.STATE, m.state());
        put(q, GridSquareField.SELECTED, m.selected());
        put(q, GridSquareField.UNUSABLE, m.unusable());
        put(q, GridSquareField.ROTATION, m.rotation());
        put(q, GridSquareField.IMAGE_PATH, m.imagePath());
        merge(out, EntityType.GRIDSQUARE, squareUuid, q);
        for (FoilHoleTarget target : m.targets()) {
            String holeUuid = holeUuid(squareUuid, target.holeId());
            FoilHole hole = FoilHoleMerge.withTarget(holes.get(holeUuid), m.squareId(), target);
            holes.put(holeUuid, hole);
            merge(out, EntityType.FOILHOLE, holeUuid, holeFields(squareUuid, hole));
        }
        return null;
    }

    private Result squareManifest(GridSquareManifest m, Path grid, List<EntityChange> out) {
        String gridUuid = gridUuid(gridKey(grid));
        if (!entities.containsKey(gridUuid)) {
            return new Result.Waiting(new ParentRef(EntityType.GRID.wireName(), gridUuid));
        }
        Map<String, Object> q = new LinkedHashMap<>();
        put(q, GridSquareField.GRID_UUID, gridUuid);
        put(q, GridSquareField.GRIDSQUARE_ID, Long.toString(m.squareId()));
        put(q, GridSquareField.ACQUISITION_DATETIME, m.acquisitionTime());
        put(q, GridSquareField.DEFOCUS, m.defocus());
        put(
                q,
                GridSquareField.MAGNIFICATION,
                m.magnification() == null ? null : m.magnification().doubleValue());
        put(q, GridSquareField.PIXEL_SIZE, m.pixelSize());
        put(q, GridSquareField.DETECTOR_NAME, m.detector());
        merge(out, EntityType.GRIDSQUARE, squareUuid(gridUuid, m.squareId()), q);
        return null;
    }

    private Result foilHoleManifest(FoilHoleManifest m, Path grid, List<EntityChange> out) {
        String squareUuid = squareUuid(gridUuid(gridKey(grid)), m.squareId());
        if (!entities.containsKey(squareUuid)) {
            return new Result.Waiting(new ParentRef(EntityType.GRIDSQUARE.wireName(), squareUuid));
        }
        String holeUuid = holeUuid(squareUuid, m.holeId());
        FoilHole hole = FoilHoleMerge.withManifest(holes.get(holeUuid), m);
        holes.put(holeUuid, hole);
        merge(out, EntityType.FOILHOLE, holeUuid, holeFields(squareUuid, hole));
        return null;
    }

    private Result micrograph(MicrographManifest m, Path p, Path grid, List<EntityChange> out) {
        String squareUuid = squareUuid(gridUuid(gridKey(grid)), m.squareId());
        String holeUuid = holeUuid(squareUuid, m.foilHoleId());
        if (!entities.containsKey(holeUuid)) {
            return new Result.Waiting(new ParentRef(EntityType.FOILHOLE.wireName(), holeUuid));
        }
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, MicrographField.FOILHOLE_UUID, holeUuid);
        put(f, MicrographField.MICROGRAPH_ID, m.uniqueId());
        put(f, MicrographField.FOILHOLE_ID, Long.toString(m.foilHoleId()));
        put(f, MicrographField.LOCATION_ID, Long.toString(m.locationId()));
        put(f, MicrographField.MANIFEST_FILE, p.toString());
        put(f, MicrographField.ACQUISITION_DATETIME, m.acquisitionTime());
        put(f, MicrographField.DEFOCUS, m.defocus());
        put(f, MicrographField.DETECTOR_NAME, m.detector());
        put(f, MicrographField.ENERGY_FILTER, m.energyFilter());
        put(f, MicrographField.PHASE_PLATE, m.phasePlate());
        put(
                f,
                MicrographField.IMAGE_SIZE_X,
                m.readoutWidth() == null ? null : m.readoutWidth().longValue());
        put(
                f,
                MicrographField.IMAGE_SIZE_Y,
                m.readoutHeight() == null ? null : m.readoutHeight().longValue());
        put(
                f,
                MicrographField.BINNING_X,
                m.binning() == null ? null : m.binning().longValue());
        put(
                f,
                MicrographField.BINNING_Y,
                m.binning() == null ? null : m.binning().longValue());
        merge(
                out,
                EntityType.MICROGRAPH,
                EntityUuids.derive(UUID.fromString(holeUuid), EntityType.MICROGRAPH.wireName(), m.uniqueId())
                        .toString(),
                f);
        return null;
    }

    // ---- helpers ----

    /** Fields of a foil hole from its merged sources: the target's (square image) and the latest manifest's. */
    private Map<String, Object> holeFields(String squareUuid, FoilHole hole) {
        Map<String, Object> f = new LinkedHashMap<>();
        put(f, FoilHoleField.GRIDSQUARE_UUID, squareUuid);
        put(f, FoilHoleField.FOILHOLE_ID, Long.toString(hole.holeId()));
        put(f, FoilHoleField.GRIDSQUARE_ID, Long.toString(hole.squareId()));
        FoilHoleTarget t = hole.target();
        if (t != null) {
            if (t.pixelCenter() != null) {
                put(f, FoilHoleField.X_LOCATION, Math.round(t.pixelCenter().x()));
                put(f, FoilHoleField.Y_LOCATION, Math.round(t.pixelCenter().y()));
            }
            if (t.stagePosition() != null) {
                put(f, FoilHoleField.X_STAGE_POSITION, t.stagePosition().x());
                put(f, FoilHoleField.Y_STAGE_POSITION, t.stagePosition().y());
            }
            put(f, FoilHoleField.DIAMETER, t.diameter() == null ? null : Math.round(t.diameter()));
            put(f, FoilHoleField.IS_NEAR_GRID_BAR, t.nearGridBar());
        }
        FoilHoleManifest m = hole.manifest();
        if (m != null) {
            if (m.center() != null) {
                put(f, FoilHoleField.CENTER_X, m.center().x());
                put(f, FoilHoleField.CENTER_Y, m.center().y());
            }
            if (m.size() != null) {
                put(f, FoilHoleField.SIZE_WIDTH, m.size().width());
                put(f, FoilHoleField.SIZE_HEIGHT, m.size().height());
            }
            put(f, FoilHoleField.QUALITY, m.quality());
            put(f, FoilHoleField.ROTATION, m.rotation());
        }
        return f;
    }

    /** Merges {@code fields} into what is known of the entity; adds a change when anything differs. */
    private void merge(List<EntityChange> out, EntityType type, String uuid, Map<String, Object> fields) {
        Map<String, Object> current = entities.get(uuid);
        Map<String, Object> next = current == null ? new LinkedHashMap<>() : new LinkedHashMap<>(current);
        next.putAll(fields);
        if (current != null && current.equals(next)) {
            return;
        }
        if (current == null) {
            counts.computeIfAbsent(type, t -> new LongAdder()).increment();
        }
        entities.put(uuid, next);
        if (current != null) {
            // one file, one change per entity (the merged one); a new entity cannot be in out yet, and
            // skipping the scan for those keeps an atlas of thousands of entities linear
            out.removeIf(c -> c.uuid().equals(uuid));
        }
        out.add(new EntityChange(type, uuid, next));
    }

    /**
     * Puts {@code value} under {@code field}'s wire name as a JSON scalar (times as ISO-8601 text), unless
     * it is null or outside the field's declared limits: such a value (a 250-character detector name) is
     * left out, with a warning the first time a field is, so that the entity still arrives and the server
     * is never sent what it must refuse.
     */
    private void put(Map<String, Object> fields, WireField field, Object value) {
        Object typed = switch (value) {
            case null -> null;
            case OffsetDateTime o -> o.toInstant();
            case Integer n -> n.longValue();
            case Float n -> n.doubleValue();
            default -> value;
        };
        if (typed == null) {
            return;
        }
        Optional<Violation> problem = field.spec().check(typed);
        if (problem.isPresent()) {
            if (warned.add(field)) {
                LOG.warn(
                        "left out {} of an entity: {} (further values of {} that do not fit are left out silently)",
                        field.wireName(),
                        problem.get().message(),
                        field.wireName());
            }
            return;
        }
        fields.put(field.wireName(), typed instanceof Instant i ? i.toString() : typed);
    }

    private String gridUuid(String key) {
        return EntityUuids.derive(UUID.fromString(acquisitionUuid), EntityType.GRID.wireName(), key)
                .toString();
    }

    private static String squareUuid(String gridUuid, long squareId) {
        return EntityUuids.derive(UUID.fromString(gridUuid), EntityType.GRIDSQUARE.wireName(), Long.toString(squareId))
                .toString();
    }

    private static String holeUuid(String squareUuid, long holeId) {
        return EntityUuids.derive(UUID.fromString(squareUuid), EntityType.FOILHOLE.wireName(), Long.toString(holeId))
                .toString();
    }

    /** A grid's natural key: its folder relative to the watched root ({@code /}-separated). */
    private String gridKey(Path folder) {
        if (folder != null && folder.startsWith(root) && !folder.equals(root)) {
            return root.relativize(folder).toString().replace('\\', '/');
        }
        Path name = folder == null ? null : folder.getFileName();
        return name == null ? "." : name.toString();
    }

    @Override
    public String toString() {
        return "Reconciler[" + root + ", " + Objects.requireNonNull(acquisitionUuid) + "]";
    }
}
