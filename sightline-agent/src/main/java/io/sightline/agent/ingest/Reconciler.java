package io.sightline.agent.ingest;

import io.sightline.agent.images.Grids;
import io.sightline.core.epu.kind.AtlasLinks;
import io.sightline.core.epu.kind.Entities;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.ids.EntityUuids;
import io.sightline.core.wire.AcquisitionField;
import io.sightline.core.wire.EntityType;
import io.sightline.core.wire.Violation;
import io.sightline.core.wire.WireField;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
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
public final class Reconciler implements Grids {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** The kinds some kind hangs under: a change of one may release children waiting for it. */
    private static final Set<EntityType> PARENTS = parents();

    private final Path root;
    private final EpuKinds kinds;
    private final String acquisitionUuid;
    private final Map<String, Object> acquisitionFields;
    /** Fields last produced per entity uuid; an entity is known once it is in here. */
    private final Map<String, Map<String, Object>> entities = new HashMap<>();

    private final Map<String, FoilHole> holes = new HashMap<>();
    private final AtlasLinks atlasLinks = new AtlasLinks();
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

    /**
     * @param root     the watched visit folder
     * @param agentId  names the acquisition together with the root: {@code derive(ROOT, "acquisition",
     *                 agentId + "|" + root)}
     */
    public Reconciler(Path root, String agentId) {
        this(root, agentId, EpuKinds.standard());
    }

    /** With the file kinds of {@code kinds} (the standard ones and any added). */
    public Reconciler(Path root, String agentId, EpuKinds kinds) {
        this.kinds = kinds;
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

    @Override
    public String acquisitionUuid() {
        return acquisitionUuid;
    }

    /** The file kinds this reconciler maps. */
    public EpuKinds kinds() {
        return kinds;
    }

    /**
     * Takes over what earlier runs produced (from the agent's store), so that files they applied need
     * not be read again and a changed file answers with only what changed. Call before {@link #start()};
     * restored entities are not counted in {@link #counts()} (that is this run's work).
     */
    public synchronized void restore(List<EntityChange> known) {
        for (EntityChange entity : known) {
            entities.put(entity.uuid(), new LinkedHashMap<>(entity.fields()));
        }
    }

    /** The acquisition itself: the first change of a run (repeats after a restart are harmless upserts). */
    public synchronized Result.Applied start() {
        List<EntityChange> out = new ArrayList<>();
        merge(out, EntityType.ACQUISITION, acquisitionUuid, acquisitionFields);
        return new Result.Applied(out, List.of());
    }

    /**
     * The atlas file the grid in {@code gridFolder} takes so far (the one {@code parse dir} would take).
     * Synchronized with {@link #apply}: the image registrar asks from its own thread.
     */
    public synchronized Optional<Path> atlasOf(Path gridFolder) {
        return atlasLinks.atlasOf(gridUuid(gridKey(gridFolder.toAbsolutePath().normalize())));
    }

    @Override
    public synchronized Optional<Path> atlasOf(Path gridFolder, java.util.Collection<Path> atlasFiles) {
        String grid = gridUuid(gridKey(gridFolder.toAbsolutePath().normalize()));
        Optional<Path> taken = atlasLinks.atlasOf(grid);
        return taken.isPresent() ? taken : atlasLinks.bestOf(grid, atlasFiles);
    }

    @Override
    public synchronized List<String> gridsTaking(Path atlasFile, java.util.Collection<Path> atlasFiles) {
        return atlasLinks.gridsTaking(atlasFile, atlasFiles);
    }

    /** The uuid of the grid in {@code gridFolder}: name-based, the same in every run (any thread). */
    @Override
    public String gridUuid(Path gridFolder) {
        return gridUuid(gridKey(gridFolder.toAbsolutePath().normalize()));
    }

    /** How many distinct entities of each type this run has produced. */
    public Map<EntityType, Long> counts() {
        Map<EntityType, Long> out = new EnumMap<>(EntityType.class);
        counts.forEach((type, n) -> out.put(type, n.sum()));
        return out;
    }

    /** Applies one read file; {@code path} is where it was read (absolute). */
    public synchronized Result apply(EpuFile file, EpuRecord record, Path path) {
        Path p = path.toAbsolutePath().normalize();
        List<EntityChange> out = new ArrayList<>();
        List<ParentRef> released = new ArrayList<>();
        FileEntities to = new FileEntities(out, released);
        kinds.map(file, record, p, to);
        if (to.waiting != null) {
            return new Result.Waiting(to.waiting);
        }
        out.sort(Comparator.comparing(EntityChange::type)); // stable: parents first, file order within a type
        for (EntityChange change : out) {
            if (PARENTS.contains(change.type())) {
                released.add(new ParentRef(change.type().wireName(), change.uuid()));
            }
        }
        return new Result.Applied(out, released);
    }

    /** What one file's mapping reads and writes: this reconciler's state, that file's changes. */
    private final class FileEntities implements Entities {
        private final List<EntityChange> out;
        private final List<ParentRef> released;
        private ParentRef waiting;

        FileEntities(List<EntityChange> out, List<ParentRef> released) {
            this.out = out;
            this.released = released;
        }

        @Override
        public String gridUuid(Path gridFolder) {
            return Reconciler.this.gridUuid(gridKey(gridFolder));
        }

        @Override
        public String acquisitionUuid() {
            return acquisitionUuid;
        }

        @Override
        public boolean known(String uuid) {
            return entities.containsKey(uuid);
        }

        @Override
        public void waitFor(String type, String id) {
            waiting = new ParentRef(type, id);
        }

        @Override
        public void merge(EntityType type, String uuid, Map<String, Object> fields) {
            Reconciler.this.merge(out, type, uuid, fields);
        }

        @Override
        public void put(Map<String, Object> fields, WireField field, Object value) {
            Reconciler.this.put(fields, field, value);
        }

        @Override
        public FoilHole hole(String uuid) {
            return holes.get(uuid);
        }

        @Override
        public void hole(String uuid, FoilHole hole) {
            holes.put(uuid, hole);
        }

        @Override
        public AtlasLinks atlasLinks() {
            return atlasLinks;
        }

        @Override
        public void atlasLinksChanged() {
            released.add(new ParentRef(ParentRef.ATLAS_LINK, "*"));
        }
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

    /** A grid's natural key: its folder relative to the watched root ({@code /}-separated). */
    private String gridKey(Path folder) {
        if (folder != null && folder.startsWith(root) && !folder.equals(root)) {
            return root.relativize(folder).toString().replace('\\', '/');
        }
        Path name = folder == null ? null : folder.getFileName();
        return name == null ? "." : name.toString();
    }

    private static Set<EntityType> parents() {
        Set<EntityType> out = EnumSet.noneOf(EntityType.class);
        for (EntityType type : EntityType.values()) {
            type.parent().ifPresent(out::add);
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public String toString() {
        return "Reconciler[" + root + ", " + Objects.requireNonNull(acquisitionUuid) + "]";
    }
}
