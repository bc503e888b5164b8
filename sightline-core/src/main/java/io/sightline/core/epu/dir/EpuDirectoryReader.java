package io.sightline.core.epu.dir;

import io.sightline.core.epu.kind.AtlasLink;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.AtlasSquarePosition;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.FoilHoleManifest;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.epu.read.FoilHoleMerge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Reads a folder holding one or many EPU grids into an {@link EpuDirectory}: walks the tree once,
 * classifies paths without opening files, reads the recognised files in parallel, largest first (one
 * thread per processor by default; parsing is CPU-bound), then assembles each grid single-threaded so
 * merge order, and so the result, is deterministic.
 *
 * <p>A grid is the folder of one {@code EpuSession.dm}; each file belongs to the grid its kind's
 * {@link io.sightline.core.epu.kind.GridFolder} names. Its atlas is the one {@link AtlasLink} (the rule the
 * agent uses too) prefers among the atlases in the walked folder, the file the reference resolves to, and
 * those of a bounded search under the visit folder's {@code atlas/} (at most {@value #ATLAS_SEARCH_DEPTH}
 * levels). The disk is never searched beyond that.
 */
public final class EpuDirectoryReader {

    /** How deep below {@code <visit>/atlas} the fallback looks for {@code .../Atlas/Atlas.dm}. */
    static final int ATLAS_SEARCH_DEPTH = 4;

    private final EpuKinds kinds;
    private final int threads;

    public EpuDirectoryReader(EpuKinds kinds, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.kinds = kinds;
        this.threads = threads;
    }

    /** Default readers, one thread per available processor. */
    public EpuDirectoryReader() {
        this(EpuKinds.standard(), Runtime.getRuntime().availableProcessors());
    }

    public EpuDirectory read(Path dir) throws IOException {
        return read(dir, ProgressListener.none());
    }

    /**
     * Reads {@code dir}. Unreadable files become {@link Problem}s; only a {@code dir} that is not a
     * readable directory throws.
     */
    public EpuDirectory read(Path dir, ProgressListener progress) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        Path root = dir.toAbsolutePath().normalize();
        List<Found> found = new ArrayList<>();
        List<Problem> walkProblems = new ArrayList<>();
        walk(root, found, walkProblems);
        found.sort(Comparator.comparing(f -> f.file().path()));
        List<EpuFile> files = new ArrayList<>(found.size());
        for (Found f : found) {
            files.add(f.file());
        }

        AtomicInteger done = new AtomicInteger();
        AtomicInteger total = new AtomicInteger(files.size());
        Map<Path, Outcome> outcomes = readAll(found, progress, done, total);

        Map<Path, GridBuilder> grids = new TreeMap<>();
        for (EpuFile f : files) {
            if (kinds.kindOf(f) == EpuKinds.SESSION) {
                Path folder = kinds.gridFolder(f);
                grids.put(folder, new GridBuilder(folder));
            }
        }
        List<Path> unassigned = new ArrayList<>();
        List<Problem> outside = new ArrayList<>(walkProblems);
        for (EpuFile f : files) {
            Path p = Path.of(f.path());
            GridBuilder g = gridOf(f, grids);
            Outcome o = outcomes.get(p);
            if (g == null) {
                if (o.error() != null) {
                    outside.add(new Problem(p, o.error()));
                } else if (kinds.kindOf(f) != EpuKinds.ATLAS) {
                    unassigned.add(p);
                }
                continue;
            }
            g.add(f, o);
        }

        // Atlases: each session names its own; read it here if it lies outside the walked folder.
        Map<Path, Outcome> atlases = new HashMap<>();
        outcomes.forEach((p, o) -> {
            if (kinds.kindOf(o.file()) == EpuKinds.ATLAS) {
                atlases.put(p, o);
            }
        });
        List<GridModel> models = new ArrayList<>();
        for (GridBuilder g : grids.values()) {
            Optional<Path> atlasFile =
                    g.session == null ? Optional.empty() : findAtlas(g.folder, g.session, atlases.keySet());
            if (atlasFile.isPresent()) {
                Path a = atlasFile.get();
                Outcome o = atlases.get(a);
                if (o == null) {
                    total.incrementAndGet();
                    o = readOne(new EpuFile.AtlasSession(a.toString()));
                    progress.progress(done.incrementAndGet(), total.get());
                    atlases.put(a, o);
                }
                g.atlas(a, o);
            }
            models.add(g.build());
        }
        // Atlases that no grid uses and that are not inside a grid folder are still reported, not hidden.
        for (EpuFile f : files) {
            Path p = Path.of(f.path());
            if (kinds.kindOf(f) == EpuKinds.ATLAS
                    && gridOf(f, grids) == null
                    && outcomes.get(p).error() == null
                    && models.stream().noneMatch(m -> p.equals(m.atlasFile()))) {
                unassigned.add(p);
            }
        }
        return new EpuDirectory(root, List.copyOf(models), List.copyOf(unassigned), List.copyOf(outside), done.get());
    }

    /** A recognised file and its size when the walk saw it (the size only orders the reads). */
    private record Found(EpuFile file, long size) {}

    private void walk(Path root, List<Found> files, List<Problem> problems) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    kinds.classify(file).ifPresent(f -> files.add(new Found(f, attrs.size())));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(new Problem(file, new EpuReadException.Unreadable(file, "cannot list or open: " + e, e)));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The outcome of reading one file: exactly one of record and error is non-null. */
    record Outcome(EpuFile file, EpuRecord record, EpuReadException error) {}

    /**
     * Reads every file on {@code threads} threads (the caller's among them), largest first: a visit's
     * atlas is often half of all its XML, and read last it would leave every other core idle at the end.
     * Which thread reads which file varies; the outcomes do not.
     */
    private Map<Path, Outcome> readAll(
            List<Found> files, ProgressListener progress, AtomicInteger done, AtomicInteger total) throws IOException {
        int n = files.size();
        Map<Path, Outcome> out = new HashMap<>(n * 2);
        if (n == 0) {
            return out;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                Comparator.comparingLong((Integer i) -> files.get(i).size()).reversed());
        Outcome[] outcomes = new Outcome[n];
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Runnable work = () -> {
            try {
                for (int k = next.getAndIncrement(); k < n && failure.get() == null; k = next.getAndIncrement()) {
                    int i = order[k];
                    outcomes[i] = readOne(files.get(i).file());
                    progress.progress(done.incrementAndGet(), total.get());
                }
            } catch (Throwable t) {
                // readOne catches everything a reader throws; reaching here means the JVM itself failed
                // (e.g. out of memory): stop all workers and report it.
                failure.compareAndSet(null, t);
            }
        };
        List<Thread> workers = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, n); t++) {
            Thread w = new Thread(work, "epu-reader-" + t);
            w.setDaemon(true);
            w.start();
            workers.add(w);
        }
        work.run();
        try {
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + n + " files", e);
        }
        if (failure.get() != null) {
            throw new IOException("reader thread failed", failure.get());
        }
        for (Outcome o : outcomes) {
            out.put(Path.of(o.file().path()), o);
        }
        return out;
    }

    private Outcome readOne(EpuFile f) {
        try {
            return new Outcome(f, kinds.read(f), null);
        } catch (EpuReadException e) {
            return new Outcome(f, null, e);
        } catch (RuntimeException e) {
            // Readers promise not to throw unchecked exceptions; if one ever does, report it as a read
            // problem of this file rather than losing the whole folder.
            return new Outcome(
                    f,
                    null,
                    new EpuReadException.Malformed(Path.of(f.path()), -1, -1, "reader failed unexpectedly: " + e, e));
        }
    }

    private GridBuilder gridOf(EpuFile file, Map<Path, GridBuilder> grids) {
        Path folder = kinds.gridFolder(file);
        return folder == null ? null : grids.get(folder);
    }

    /**
     * Finds the atlas a session names: the one {@link AtlasLink} prefers among the atlases already found in
     * the walk, the file the reference resolves to and a bounded search under {@code <visit>/atlas}.
     */
    static Optional<Path> findAtlas(Path gridFolder, EpuSession session, java.util.Set<Path> known) {
        Optional<AtlasLink> link = AtlasLink.of(gridFolder, session);
        if (link.isEmpty()) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>(known);
        Path expected = link.get().expected();
        if (expected != null && Files.isRegularFile(expected)) {
            candidates.add(expected);
        }
        Path visit = gridFolder.getParent();
        if (visit != null) {
            for (String name : List.of("atlas", "Atlas")) {
                Path atlasRoot = visit.resolve(name);
                if (Files.isDirectory(atlasRoot)) {
                    try (Stream<Path> s = Files.find(
                            atlasRoot,
                            ATLAS_SEARCH_DEPTH,
                            (p, a) -> a.isRegularFile()
                                    && p.getFileName().toString().equals("Atlas.dm")
                                    && p.getParent() != null
                                    && p.getParent().getFileName().toString().equals("Atlas"))) {
                        s.forEach(p -> candidates.add(p.toAbsolutePath().normalize()));
                    } catch (IOException | UncheckedIOException e) {
                        // The fallback is best effort: an unlistable atlas folder means "not found", and
                        // the grid is still read; the caller sees atlasFile == null.
                    }
                }
            }
        }
        return link.get().best(candidates);
    }

    /** Mutable while one grid is assembled; single-threaded; never escapes. */
    private static final class GridBuilder {
        final Path folder;
        EpuSession session;
        Path atlasFile;
        Atlas atlas;
        final List<Problem> problems = new ArrayList<>();
        final Map<Long, GridSquareMetadata> metadata = new TreeMap<>();
        final Map<Long, GridSquareManifest> squareManifests = new TreeMap<>();
        final Map<Long, Long> manifestSquares = new HashMap<>();
        final List<FoilHoleManifest> holeManifests = new ArrayList<>();
        final Map<FoilHoleManifest, Path> holeManifestFiles = new HashMap<>();
        final List<MicrographManifest> micrographs = new ArrayList<>();
        final Map<String, Path> micrographFiles = new HashMap<>();

        GridBuilder(Path folder) {
            this.folder = folder;
        }

        void add(EpuFile f, Outcome o) {
            Path p = Path.of(f.path());
            if (o.error() != null) {
                problems.add(new Problem(p, o.error()));
                return;
            }
            switch (o.record()) {
                case EpuSession s -> session = s;
                case GridSquareMetadata m -> metadata.put(m.squareId(), m);
                case GridSquareManifest m ->
                    squareManifests.merge(
                            m.squareId(), m, (x, y) -> newer(y.acquisitionTime(), x.acquisitionTime()) ? y : x);
                case FoilHoleManifest m -> {
                    holeManifests.add(m);
                    holeManifestFiles.put(m, p);
                }
                case MicrographManifest m -> {
                    micrographs.add(m);
                    micrographFiles.put(m.uniqueId(), p);
                }
                default -> {
                    // a kind the grid model has no place for is still read, so its problems are reported
                }
            }
        }

        void atlas(Path file, Outcome o) {
            atlasFile = file;
            if (o.error() != null) {
                problems.add(new Problem(file, o.error()));
            } else if (o.record() instanceof Atlas a) {
                atlas = a;
            }
        }

        private static boolean newer(java.time.Instant a, java.time.Instant b) {
            return a != null && (b == null || a.isAfter(b));
        }

        GridModel build() {
            Map<Long, AtlasSquarePosition> positions = new HashMap<>();
            if (atlas != null) {
                atlas.squares().forEach(s -> positions.put(s.squareId(), s));
            }
            java.util.SortedSet<Long> squareIds = new java.util.TreeSet<>(positions.keySet());
            squareIds.addAll(metadata.keySet());
            squareIds.addAll(squareManifests.keySet());
            Map<Long, GridSquare> squares = new LinkedHashMap<>();
            for (long id : squareIds) {
                squares.put(id, new GridSquare(id, positions.get(id), metadata.get(id), squareManifests.get(id)));
            }

            Map<Long, FoilHole> holes = new TreeMap<>();
            for (GridSquareMetadata m : metadata.values()) {
                for (FoilHoleTarget t : m.targets()) {
                    holes.put(t.holeId(), FoilHoleMerge.withTarget(holes.get(t.holeId()), m.squareId(), t));
                }
            }
            List<Pending> pending = new ArrayList<>();
            for (FoilHoleManifest m : holeManifests) {
                holes.put(m.holeId(), FoilHoleMerge.withManifest(holes.get(m.holeId()), m));
            }
            for (FoilHole h : holes.values()) {
                if (!squares.containsKey(h.squareId()) && h.manifest() != null) {
                    pending.add(new Pending(
                            "foil-hole",
                            Long.toString(h.holeId()),
                            holeManifestFiles.get(h.manifest()),
                            "grid-square",
                            h.squareId()));
                }
            }
            Map<String, MicrographManifest> mics = new TreeMap<>();
            for (MicrographManifest m : micrographs) {
                mics.merge(m.uniqueId(), m, (x, y) -> newer(y.acquisitionTime(), x.acquisitionTime()) ? y : x);
            }
            for (MicrographManifest m : mics.values()) {
                if (!holes.containsKey(m.foilHoleId())) {
                    pending.add(new Pending(
                            "micrograph",
                            m.uniqueId(),
                            micrographFiles.get(m.uniqueId()),
                            "foil-hole",
                            m.foilHoleId()));
                }
            }
            return new GridModel(
                    folder,
                    session,
                    atlasFile,
                    atlas,
                    Collections.unmodifiableMap(squares),
                    Collections.unmodifiableMap(holes),
                    Collections.unmodifiableMap(mics),
                    List.copyOf(pending),
                    List.copyOf(problems));
        }
    }
}
