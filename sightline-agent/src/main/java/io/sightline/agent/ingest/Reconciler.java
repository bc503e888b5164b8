package io.sightline.agent.ingest;

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
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

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
    private final Path root;
    private final String acquisitionUuid;
    private final Map<String, Object> acquisitionFields;
    /** Fields last produced per entity uuid; an entity is known once it is in here. */
    private final Map<String, Map<String, Object>> entities = new HashMap<>();

    private final Map<String, FoilHole> holes = new HashMap<>();
    private final Map<String, GridLink> grids = new LinkedHashMap<>();
    private final Map<EntityType, LongAdder> counts = new ConcurrentHashMap<>();

    /** What applying a file gave. */
    public sealed interface Result {
        /** Changes to store, parents first, and the parents that became known (their children may go on). */
        record Applied(List<EntityChange> changes, List<ParentRef> released) implements Result {}

        /** Nothing applied: the file waits for {@code parent}. */
        record Waiting(ParentRef parent) implements Result {}
    }

    /** A grid folder and where its session says its atlas is. */
    private record GridLink(String key, Path folder, String uuid, Path atlasCandidate, List<String> atlasTail) {}

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
        fields.put("name", name == null ? this.root.toString() : name.toString());
        fields.put("storage_path", this.root.toString());
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
        Result waiting = switch (record) {
            case EpuSession s -> session(s, p, out, released);
            case Atlas a -> atlas(a, p, out);
            case GridSquareMetadata m -> squareMetadata(m, p, out);
            case GridSquareManifest m -> squareManifest(m, p, out);
            case FoilHoleManifest m -> foilHoleManifest(m, ((EpuFile.FoilHoleManifestFile) file).squareId(), p, out);
            case MicrographManifest m -> micrograph(m, p, out);
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

    private Result session(EpuSession s, Path p, List<EntityChange> out, List<ParentRef> released) {
        Path folder = p.getParent();
        String key = gridKey(folder);
        String gridUuid = gridUuid(key);
        Path candidate = atlasCandidate(folder, s);
        List<String> tail = s.atlasReference() == null ? List.of() : tail(segments(s.atlasReference()), 3);
        grids.put(key, new GridLink(key, folder, gridUuid, candidate, tail));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("acquisition_uuid", acquisitionUuid);
        f.put(
                "name",
                s.name() != null && !s.name().isBlank()
                        ? s.name()
                        : folder.getFileName().toString());
        f.put("data_dir", folder.toString());
        if (candidate != null && candidate.getParent() != null) {
            f.put("atlas_dir", candidate.getParent().toString());
        }
        put(f, "scan_start_time", s.startTime());
        merge(out, EntityType.GRID, gridUuid, f);
        // an atlas that arrived before any session named it may belong to this grid now
        released.add(new ParentRef(ParentRef.ATLAS_LINK, "*"));
        return null;
    }

    private Result atlas(Atlas a, Path p, List<EntityChange> out) {
        List<GridLink> linked = grids.values().stream().filter(g -> links(g, p)).toList();
        if (linked.isEmpty()) {
            return new Result.Waiting(new ParentRef(ParentRef.ATLAS_LINK, p.toString()));
        }
        for (GridLink grid : linked) {
            String atlasUuid = EntityUuids.derive(UUID.fromString(grid.uuid()), "atlas", "atlas")
                    .toString();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("grid_uuid", grid.uuid());
            f.put("atlas_id", Long.toString(a.sessionId()));
            f.put("name", a.name() != null && !a.name().isBlank() ? a.name() : "Atlas");
            put(f, "acquisition_date", a.acquisitionTime());
            put(f, "storage_folder", a.storageFolder());
            put(f, "description", a.description());
            merge(out, EntityType.ATLAS, atlasUuid, f);
            Map<Long, String> tiles = new HashMap<>();
            for (AtlasTile tile : a.tiles()) {
                String tileUuid = EntityUuids.derive(UUID.fromString(atlasUuid), "atlas_tile", Long.toString(tile.id()))
                        .toString();
                tiles.put(tile.id(), tileUuid);
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("atlas_uuid", atlasUuid);
                t.put("tile_id", Long.toString(tile.id()));
                if (tile.atlasPixelPosition() != null) {
                    t.put("position_x", Math.round(tile.atlasPixelPosition().x()));
                    t.put("position_y", Math.round(tile.atlasPixelPosition().y()));
                    t.put("size_x", Math.round(tile.atlasPixelPosition().width()));
                    t.put("size_y", Math.round(tile.atlasPixelPosition().height()));
                }
                put(t, "file_format", tile.imageFormat());
                put(t, "base_filename", tile.imageBaseName());
                merge(out, EntityType.ATLAS_TILE, tileUuid, t);
            }
            for (AtlasSquarePosition square : a.squares()) {
                String squareUuid = squareUuid(grid.uuid(), square.squareId());
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("grid_uuid", grid.uuid());
                q.put("gridsquare_id", Long.toString(square.squareId()));
                q.put("atlas_node_id", square.squareId());
                if (square.center() != null) {
                    q.put("center_x", Math.round(square.center().x()));
                    q.put("center_y", Math.round(square.center().y()));
                }
                if (square.size() != null) {
                    q.put("size_width", Math.round(square.size().width()));
                    q.put("size_height", Math.round(square.size().height()));
                }
                put(q, "rotation", square.rotation());
                if (square.physical() != null) {
                    q.put("physical_x", square.physical().x());
                    q.put("physical_y", square.physical().y());
                }
                merge(out, EntityType.GRIDSQUARE, squareUuid, q);
                for (TilePosition position : square.tilePositions()) {
                    String tileUuid = tiles.get(position.tileId());
                    if (tileUuid == null || position.center() == null || position.size() == null) {
                        continue;
                    }
                    Map<String, Object> tp = new LinkedHashMap<>();
                    tp.put("atlastile_uuid", tileUuid);
                    tp.put("gridsquare_uuid", squareUuid);
                    tp.put("center_x", Math.round(position.center().x()));
                    tp.put("center_y", Math.round(position.center().y()));
                    tp.put("size_width", Math.round(position.size().width()));
                    tp.put("size_height", Math.round(position.size().height()));
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

    private Result squareMetadata(GridSquareMetadata m, Path p, List<EntityChange> out) {
        String gridUuid = gridUuid(gridKey(up(p, 2)));
        if (!entities.containsKey(gridUuid)) {
            return new Result.Waiting(new ParentRef("grid", gridUuid));
        }
        String squareUuid = squareUuid(gridUuid, m.squareId());
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("grid_uuid", gridUuid);
        q.put("gridsquare_id", Long.toString(m.squareId()));
        if (m.stagePosition() != null) {
            q.put("stage_position_x", m.stagePosition().x());
            q.put("stage_position_y", m.stagePosition().y());
            q.put("stage_position_z", m.stagePosition().z());
        }
        put(q, "state", m.state());
        put(q, "selected", m.selected());
        put(q, "unusable", m.unusable());
        put(q, "rotation", m.rotation());
        put(q, "image_path", m.imagePath());
        merge(out, EntityType.GRIDSQUARE, squareUuid, q);
        for (FoilHoleTarget target : m.targets()) {
            String holeUuid = holeUuid(squareUuid, target.holeId());
            FoilHole hole = FoilHoleMerge.withTarget(holes.get(holeUuid), m.squareId(), target);
            holes.put(holeUuid, hole);
            merge(out, EntityType.FOILHOLE, holeUuid, holeFields(squareUuid, hole));
        }
        return null;
    }

    private Result squareManifest(GridSquareManifest m, Path p, List<EntityChange> out) {
        String gridUuid = gridUuid(gridKey(up(p, 3)));
        if (!entities.containsKey(gridUuid)) {
            return new Result.Waiting(new ParentRef("grid", gridUuid));
        }
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("grid_uuid", gridUuid);
        q.put("gridsquare_id", Long.toString(m.squareId()));
        put(q, "acquisition_datetime", m.acquisitionTime());
        put(q, "defocus", m.defocus());
        put(
                q,
                "magnification",
                m.magnification() == null ? null : m.magnification().doubleValue());
        put(q, "pixel_size", m.pixelSize());
        put(q, "detector_name", m.detector());
        merge(out, EntityType.GRIDSQUARE, squareUuid(gridUuid, m.squareId()), q);
        return null;
    }

    private Result foilHoleManifest(FoilHoleManifest m, long squareId, Path p, List<EntityChange> out) {
        String squareUuid = squareUuid(gridUuid(gridKey(up(p, 4))), squareId);
        if (!entities.containsKey(squareUuid)) {
            return new Result.Waiting(new ParentRef("gridsquare", squareUuid));
        }
        String holeUuid = holeUuid(squareUuid, m.holeId());
        FoilHole hole = FoilHoleMerge.withManifest(holes.get(holeUuid), m);
        holes.put(holeUuid, hole);
        merge(out, EntityType.FOILHOLE, holeUuid, holeFields(squareUuid, hole));
        return null;
    }

    private Result micrograph(MicrographManifest m, Path p, List<EntityChange> out) {
        String squareUuid = squareUuid(gridUuid(gridKey(up(p, 4))), m.squareId());
        String holeUuid = holeUuid(squareUuid, m.foilHoleId());
        if (!entities.containsKey(holeUuid)) {
            return new Result.Waiting(new ParentRef("foilhole", holeUuid));
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("foilhole_uuid", holeUuid);
        f.put("micrograph_id", m.uniqueId());
        f.put("foilhole_id", Long.toString(m.foilHoleId()));
        f.put("location_id", Long.toString(m.locationId()));
        f.put("manifest_file", p.toString());
        put(f, "acquisition_datetime", m.acquisitionTime());
        put(f, "defocus", m.defocus());
        put(f, "detector_name", m.detector());
        put(f, "energy_filter", m.energyFilter());
        put(f, "phase_plate", m.phasePlate());
        put(
                f,
                "image_size_x",
                m.readoutWidth() == null ? null : m.readoutWidth().longValue());
        put(
                f,
                "image_size_y",
                m.readoutHeight() == null ? null : m.readoutHeight().longValue());
        put(f, "binning_x", m.binning() == null ? null : m.binning().longValue());
        put(f, "binning_y", m.binning() == null ? null : m.binning().longValue());
        merge(
                out,
                EntityType.MICROGRAPH,
                EntityUuids.derive(UUID.fromString(holeUuid), "micrograph", m.uniqueId())
                        .toString(),
                f);
        return null;
    }

    // ---- helpers ----

    /** Fields of a foil hole from its merged sources: the target's (square image) and the latest manifest's. */
    private static Map<String, Object> holeFields(String squareUuid, FoilHole hole) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("gridsquare_uuid", squareUuid);
        f.put("foilhole_id", Long.toString(hole.holeId()));
        f.put("gridsquare_id", Long.toString(hole.squareId()));
        FoilHoleTarget t = hole.target();
        if (t != null) {
            if (t.pixelCenter() != null) {
                f.put("x_location", Math.round(t.pixelCenter().x()));
                f.put("y_location", Math.round(t.pixelCenter().y()));
            }
            if (t.stagePosition() != null) {
                f.put("x_stage_position", t.stagePosition().x());
                f.put("y_stage_position", t.stagePosition().y());
            }
            put(f, "diameter", t.diameter() == null ? null : Math.round(t.diameter()));
            put(f, "is_near_grid_bar", t.nearGridBar());
        }
        FoilHoleManifest m = hole.manifest();
        if (m != null) {
            if (m.center() != null) {
                f.put("center_x", m.center().x());
                f.put("center_y", m.center().y());
            }
            if (m.size() != null) {
                f.put("size_width", m.size().width());
                f.put("size_height", m.size().height());
            }
            put(f, "quality", m.quality());
            put(f, "rotation", m.rotation());
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

    private static void put(Map<String, Object> fields, String name, Object value) {
        switch (value) {
            case null -> {}
            case Instant i -> fields.put(name, i.toString());
            case OffsetDateTime o -> fields.put(name, o.toString());
            case Integer n -> fields.put(name, n.longValue());
            case Float n -> fields.put(name, n.doubleValue());
            default -> fields.put(name, value);
        }
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

    private static Path up(Path p, int levels) {
        Path out = p;
        for (int i = 0; i < levels && out != null; i++) {
            out = out.getParent();
        }
        return out;
    }

    /** The atlas file a session names: its reference minus the storage folder, under the visit folder. */
    private static Path atlasCandidate(Path gridFolder, EpuSession s) {
        if (s.atlasReference() == null || s.storageFolder() == null || gridFolder.getParent() == null) {
            return null;
        }
        List<String> ref = segments(s.atlasReference());
        List<String> storage = segments(s.storageFolder());
        if (ref.size() <= storage.size()) {
            return null;
        }
        for (int i = 0; i < storage.size(); i++) {
            if (!ref.get(i).equalsIgnoreCase(storage.get(i))) {
                return null;
            }
        }
        Path candidate = gridFolder.getParent();
        for (String segment : ref.subList(storage.size(), ref.size())) {
            candidate = candidate.resolve(segment);
        }
        return candidate.normalize();
    }

    /** Whether {@code atlasFile} is the atlas the grid's session names (exactly, else by its last 3 segments). */
    private static boolean links(GridLink grid, Path atlasFile) {
        if (grid.atlasCandidate() != null) {
            return grid.atlasCandidate().equals(atlasFile);
        }
        if (grid.atlasTail().size() < 3) {
            return false;
        }
        List<String> fileTail = tail(segments(atlasFile.toString()), 3);
        for (int i = 0; i < 3; i++) {
            if (!fileTail.get(i).equalsIgnoreCase(grid.atlasTail().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("[\\\\/]")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private static List<String> tail(List<String> segments, int n) {
        return segments.size() < n ? List.of() : List.copyOf(segments.subList(segments.size() - n, segments.size()));
    }

    @Override
    public String toString() {
        return "Reconciler[" + root + ", " + Objects.requireNonNull(acquisitionUuid) + "]";
    }
}
