package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.path.EpuPath;
import io.sightline.core.epu.path.EpuPathRules;
import io.sightline.core.epu.read.AtlasReader;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.epu.read.EpuReader;
import io.sightline.core.epu.read.EpuSessionReader;
import io.sightline.core.epu.read.EpuXml;
import io.sightline.core.epu.read.FoilHoleManifestReader;
import io.sightline.core.epu.read.GridSquareManifestReader;
import io.sightline.core.epu.read.GridSquareMetadataReader;
import io.sightline.core.epu.read.MicrographManifestReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of EPU file kinds: classifies paths, reads classified files with their kind's reader, and
 * answers each kind's rank and grid folder. Every place that treats file kinds differently asks here,
 * so a new kind is one {@link EpuFileKind} entry ({@link #STANDARD} or {@link #with}). Immutable and
 * thread-safe; the readers are made once per registry.
 */
public final class EpuKinds {

    public static final EpuFileKind<EpuFile.Session, EpuSession> SESSION = new EpuFileKind<>(
            "session",
            "an EpuSession.dm",
            EpuFile.Session.class,
            EpuSession.class,
            null,
            1,
            EpuPathRules.SESSION,
            EpuSessionReader::new,
            GridFolder.OWN_FOLDER,
            EpuEntities::session,
            EpuSummaries::session);

    public static final EpuFileKind<EpuFile.AtlasSession, Atlas> ATLAS = new EpuFileKind<>(
            "atlas",
            "an Atlas/Atlas.dm",
            EpuFile.AtlasSession.class,
            Atlas.class,
            "session",
            2,
            EpuPathRules.ATLAS,
            AtlasReader::new,
            GridFolder.NONE,
            EpuEntities::atlas,
            EpuSummaries::atlas);

    public static final EpuFileKind<EpuFile.GridSquareMetadataFile, GridSquareMetadata> GRIDSQUARE_METADATA =
            new EpuFileKind<>(
                    "gridsquare-metadata",
                    "a Metadata/GridSquare_<id>.dm",
                    EpuFile.GridSquareMetadataFile.class,
                    GridSquareMetadata.class,
                    "session",
                    3,
                    EpuPathRules.GRID_SQUARE_METADATA,
                    GridSquareMetadataReader::new,
                    GridFolder.HOLDING_METADATA,
                    EpuEntities::gridSquareMetadata,
                    EpuSummaries::gridSquareMetadata);

    public static final EpuFileKind<EpuFile.GridSquareManifestFile, GridSquareManifest> GRIDSQUARE = new EpuFileKind<>(
            "gridsquare",
            "a grid-square image manifest (Images-Disc<N>/GridSquare_<id>/GridSquare_*.xml)",
            EpuFile.GridSquareManifestFile.class,
            GridSquareManifest.class,
            "session",
            4,
            EpuPathRules.GRID_SQUARE_MANIFEST,
            GridSquareManifestReader::new,
            GridFolder.HOLDING_IMAGES_DISC,
            EpuEntities::gridSquareManifest,
            EpuSummaries::gridSquareManifest);

    public static final EpuFileKind<EpuFile.FoilHoleManifestFile, FoilHoleManifest> FOILHOLE = new EpuFileKind<>(
            "foilhole",
            "a foil-hole manifest (.../FoilHoles/FoilHole_<id>_*.xml)",
            EpuFile.FoilHoleManifestFile.class,
            FoilHoleManifest.class,
            "gridsquare-metadata",
            5,
            EpuPathRules.FOIL_HOLE_MANIFEST,
            FoilHoleManifestReader::new,
            GridFolder.HOLDING_IMAGES_DISC,
            EpuEntities::foilHoleManifest,
            EpuSummaries::foilHoleManifest);

    public static final EpuFileKind<EpuFile.MicrographManifestFile, MicrographManifest> MICROGRAPH = new EpuFileKind<>(
            "micrograph",
            "a micrograph manifest (.../Data/FoilHole_<id>_Data_*.xml)",
            EpuFile.MicrographManifestFile.class,
            MicrographManifest.class,
            "foilhole",
            6,
            EpuPathRules.MICROGRAPH_MANIFEST,
            MicrographManifestReader::new,
            GridFolder.HOLDING_IMAGES_DISC,
            EpuEntities::micrograph,
            EpuSummaries::micrograph);

    /** The kinds EPU writes, in rank order. */
    public static final List<EpuFileKind<?, ?>> STANDARD =
            List.of(SESSION, ATLAS, GRIDSQUARE_METADATA, GRIDSQUARE, FOILHOLE, MICROGRAPH);

    private final List<EpuFileKind<?, ?>> kinds;
    private final EpuXml xml;
    private final Map<Class<?>, Entry<?, ?>> byFileType = new HashMap<>();
    private final Entry<?, ?>[] entries;

    /** A kind and its reader, made once. */
    private record Entry<F extends EpuFile, R extends EpuRecord>(EpuFileKind<F, R> kind, EpuReader<R> reader) {
        R read(EpuFile file) throws EpuReadException {
            return reader.read(Path.of(file.path()));
        }

        void map(EpuFile file, EpuRecord record, Path path, Entities to) {
            kind.entities()
                    .map(
                            kind.fileType().cast(file),
                            kind.recordType().cast(record),
                            path,
                            kind.gridFolder().of(path),
                            to);
        }
    }

    /**
     * @throws IllegalArgumentException when two kinds share a name or file type, a parent is not among the
     *                                  kinds, or a kind does not rank above its parent
     */
    public EpuKinds(List<EpuFileKind<?, ?>> kinds, EpuXml xml) {
        this.kinds = List.copyOf(kinds);
        this.xml = xml;
        Map<String, EpuFileKind<?, ?>> byName = new HashMap<>();
        List<Entry<?, ?>> made = new ArrayList<>();
        for (EpuFileKind<?, ?> k : this.kinds) {
            if (byName.put(k.name(), k) != null) {
                throw new IllegalArgumentException("two file kinds are named " + k.name());
            }
            Entry<?, ?> e = entry(k, xml);
            if (byFileType.put(k.fileType(), e) != null) {
                throw new IllegalArgumentException(
                        "two file kinds classify to " + k.fileType().getSimpleName());
            }
            made.add(e);
        }
        for (EpuFileKind<?, ?> k : this.kinds) {
            if (k.parent() == null) {
                continue;
            }
            EpuFileKind<?, ?> parent = byName.get(k.parent());
            if (parent == null) {
                throw new IllegalArgumentException(k.name() + " names parent " + k.parent() + ", not a kind here");
            }
            if (parent.rank() >= k.rank()) {
                throw new IllegalArgumentException(k.name() + " must rank above its parent " + parent.name());
            }
        }
        this.entries = made.toArray(new Entry<?, ?>[0]);
    }

    private static <F extends EpuFile, R extends EpuRecord> Entry<F, R> entry(EpuFileKind<F, R> kind, EpuXml xml) {
        return new Entry<>(kind, kind.reader().apply(xml));
    }

    /** The standard kinds with the default parser. */
    public static EpuKinds standard() {
        return new EpuKinds(STANDARD, EpuXml.defaults());
    }

    /** The standard kinds with {@code xml}'s parser. */
    public static EpuKinds standard(EpuXml xml) {
        return new EpuKinds(STANDARD, xml);
    }

    /** These kinds and {@code extra}. */
    public EpuKinds with(EpuFileKind<?, ?> extra) {
        List<EpuFileKind<?, ?>> all = new ArrayList<>(kinds);
        all.add(extra);
        return new EpuKinds(all, xml);
    }

    public List<EpuFileKind<?, ?>> all() {
        return kinds;
    }

    /** Classifies a path; empty when no kind's rule matches. */
    public Optional<EpuFile> classify(Path path) {
        return classify(path.toString());
    }

    /** Classifies a path given as text with {@code /} or {@code \} separators. */
    public Optional<EpuFile> classify(String path) {
        EpuPath parts = EpuPath.of(path);
        for (Entry<?, ?> e : entries) {
            EpuFile f = e.kind().pathRule().match(parts);
            if (f != null) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The kind of a classified file. */
    public EpuFileKind<?, ?> kindOf(EpuFile file) {
        return entry(file).kind();
    }

    /** Reads a classified file with its kind's reader. */
    public EpuRecord read(EpuFile file) throws EpuReadException {
        return entry(file).read(file);
    }

    /** The reader this registry made for {@code kind}. */
    @SuppressWarnings("unchecked") // entries are keyed by their kind's own file type
    public <R extends EpuRecord> EpuReader<R> reader(EpuFileKind<?, R> kind) {
        Entry<?, ?> e = byFileType.get(kind.fileType());
        if (e == null || !e.kind().equals(kind)) {
            throw new IllegalArgumentException(kind + " is not registered here");
        }
        return (EpuReader<R>) e.reader();
    }

    /**
     * Maps a file's record into entities with its kind's {@link EntityMapping}; {@code path} is where it was
     * read (absolute, normalised).
     *
     * @throws ClassCastException when the record is not the file kind's
     */
    public void map(EpuFile file, EpuRecord record, Path path, Entities to) {
        entry(file).map(file, record, path, to);
    }

    /** The kind named {@code name} ({@code sightline parse <name>}). */
    public Optional<EpuFileKind<?, ?>> byName(String name) {
        for (EpuFileKind<?, ?> k : kinds) {
            if (k.name().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Gives {@code record}'s summary as labelled values.
     *
     * @throws ClassCastException when the record is not {@code kind}'s
     */
    public <R extends EpuRecord> void summarise(
            EpuFileKind<?, R> kind, EpuRecord record, java.util.function.BiConsumer<String, Object> facts) {
        kind.summary().accept(kind.recordType().cast(record), facts);
    }

    /** The grid folder {@code file} belongs to, or null when it belongs to none. */
    public Path gridFolder(EpuFile file) {
        return kindOf(file).gridFolder().of(Path.of(file.path()));
    }

    private Entry<?, ?> entry(EpuFile file) {
        Entry<?, ?> e = byFileType.get(file.getClass());
        if (e == null) {
            throw new IllegalArgumentException(file.getClass().getSimpleName() + " is not a kind registered here");
        }
        return e;
    }
}
