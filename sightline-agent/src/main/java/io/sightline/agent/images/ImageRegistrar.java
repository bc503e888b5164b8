package io.sightline.agent.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.agent.watch.FileListener;
import io.sightline.agent.watch.SettledFile;
import io.sightline.core.epu.kind.EpuEntities;
import io.sightline.core.ids.EntityUuids;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.formats.ImageFormats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the images EPU writes as data objects: settled image file → {@link EpuImage} → header (shape,
 * dtype) → registration with its parent image → {@link ImageSink} (the outbox), on one thread of its own,
 * so that neither the watcher nor the entities wait for it.
 *
 * <p>Identity: the uid is a name-based uuid of the acquisition and the file's path below the watched root,
 * so a retry, a restart or a second agent names the same file the same way, and the server answers a
 * registration it already has with the stored object. A file whose size and mtime are those an earlier
 * run registered is not sent again (the stamps are kept beside the outbox).
 *
 * <p>Lineage: micrograph and movie → the newest image of their foil hole (else of their square) → the
 * newest image of the grid square → the newest atlas image of the atlas the grid's session names;
 * tiles → the atlas image of their folder. The parent must be registered first (the server refuses an
 * unknown parent), so a burst is taken in {@link ImageKind} order, and an image whose parent has not
 * been seen yet waits for it a while ({@link #PARENT_WAITS} tries) before it is registered under the
 * nearest ancestor that is known.
 *
 * <p>Entities: each image names the SmartEM entity it shows ({@code entity_uuid}, the entity mapping's own
 * uuids): an atlas image its grid, which is known only once a grid's session links the atlas (so an atlas
 * image waits {@link #GRID_WAITS} tries for that link), a tile its atlas tile, a square or foil-hole image
 * its square or hole.
 *
 * <p>A half-written or corrupt image is tried again a few times (it may still be being written), then
 * reported once and skipped until it changes; it never holds up the others.
 */
public final class ImageRegistrar implements FileListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ImageRegistrar.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tries for a parent before registering under the nearest known ancestor (~12 s with the backoff below). */
    static final int PARENT_WAITS = 7;
    /**
     * Tries for a grid whose session links an atlas image's atlas before it is registered without one (~3 s):
     * fewer than {@link #PARENT_WAITS}, so that the tiles and squares waiting for the atlas image outlast it.
     */
    static final int GRID_WAITS = 5;
    /** Tries of a header that cannot be read before the file is reported and skipped until it changes. */
    static final int HEADER_TRIES = 6;

    private static final long RETRY_MIN_MS = 100;
    private static final long RETRY_MAX_MS = 4000;
    /** Registrations per outbox transaction, at most (a burst at start is many thousand images). */
    private static final int GROUP = 2000;

    private final Path root;
    private final Grids grids;
    private final ImageSink sink;
    private final ImageFormats formats;
    private final UUID session;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final PriorityQueue<Work> queue = new PriorityQueue<>(Work.ORDER);
    /** Guarded by {@link #lock}. */
    private long nextSeq;

    private final Thread worker;
    private final ScheduledExecutorService retries;

    // the worker thread's own
    /** Size/mtime of each image as registered (by this run or, read at start, an earlier one). */
    private final Map<Path, String> registered;
    /** Size/mtime of images found unreadable for good: not tried again until they change. */
    private final Map<Path, String> rejected = new HashMap<>();
    /** The newest image (greatest file name) of each atlas folder, square and foil hole: the parents. */
    private final Map<String, Newest> newest = new HashMap<>();
    /** The {@code Atlas.dm} beside each atlas image seen: the atlases a grid's session may link. */
    private final java.util.Set<Path> atlasFiles = new java.util.TreeSet<>();

    private static final String ATLAS_FILE = "Atlas.dm";

    private final AtomicLong registeredCount = new AtomicLong();
    private final AtomicLong rejectedCount = new AtomicLong();
    /** Work queued, being done or waiting to be retried. */
    private final AtomicLong backlog = new AtomicLong();

    private record Work(long seq, EpuImage image, int attempt) {
        static final Comparator<Work> ORDER =
                Comparator.<Work>comparingInt(w -> w.image().kind().ordinal()).thenComparingLong(Work::seq);
    }

    private record Newest(String name, String uid) {}

    /** Why an image is not registered (yet). */
    private enum Held {
        PARENT,
        GRID,
        HEADER
    }

    /**
     * @param root    the watched folder: uids are made of paths below it
     * @param earlier size/mtime of files registered by earlier runs (other files in it are ignored)
     */
    public ImageRegistrar(Path root, Grids grids, ImageSink sink, ImageFormats formats, Map<Path, String> earlier) {
        this.root = root.toAbsolutePath().normalize();
        this.grids = grids;
        this.sink = sink;
        this.formats = formats;
        this.session = UUID.fromString(grids.acquisitionUuid());
        this.registered = new HashMap<>(earlier);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-images-retry");
            t.setDaemon(true);
            return t;
        });
        this.worker = Thread.ofPlatform().name("sightline-images").daemon().start(this::loop);
    }

    @Override
    public void settled(SettledFile file) {
        settledTogether(List.of(file));
    }

    @Override
    public void settledTogether(List<SettledFile> files) {
        List<Work> work = new ArrayList<>();
        synchronized (lock) {
            for (SettledFile file : files) {
                EpuImage.classify(file.path().toAbsolutePath().normalize())
                        .ifPresent(image -> work.add(new Work(nextSeq++, image, 0)));
            }
        }
        enqueue(work);
    }

    /** Offers a file as if it had settled (tests). */
    public void offer(Path path) {
        settled(new SettledFile(path, 0, java.time.Instant.EPOCH));
    }

    @Override
    public void deleted(Path path) {
        // the object stays registered; the server marks it missing when it is next asked for
    }

    /** Images registered by this run. */
    public long registered() {
        return registeredCount.get();
    }

    /** Images reported unreadable and skipped until they change. */
    public long rejected() {
        return rejectedCount.get();
    }

    /** Images queued, being registered or waiting to be tried again. */
    public long backlog() {
        return backlog.get();
    }

    /** The uid of the image at {@code path} (absolute or below the root): the same in every run and agent. */
    public String uid(Path path) {
        Path absolute = root.resolve(path).toAbsolutePath().normalize();
        String relative = absolute.startsWith(root)
                ? root.relativize(absolute).toString().replace('\\', '/')
                : absolute.toString().replace('\\', '/');
        return EntityUuids.derive(session, DataObjectRegistration.OUTBOX_TYPE, relative)
                .toString();
    }

    private void enqueue(List<Work> work) {
        if (work.isEmpty()) {
            return;
        }
        backlog.addAndGet(work.size());
        synchronized (lock) {
            queue.addAll(work);
            lock.notifyAll();
        }
    }

    private void loop() {
        try {
            while (true) {
                List<Work> batch = new ArrayList<>();
                synchronized (lock) {
                    while (queue.isEmpty()) {
                        lock.wait();
                    }
                    while (!queue.isEmpty() && batch.size() < GROUP) {
                        batch.add(queue.poll());
                    }
                }
                try {
                    registerAll(batch);
                } catch (RuntimeException e) {
                    // the outbox could not take them: they are offered again at the next start
                    LOG.error("cannot store {} image registrations: {}", batch.size(), e.toString(), e);
                } finally {
                    backlog.addAndGet(-batch.size());
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void registerAll(List<Work> batch) {
        List<DataObjectRegistration> out = new ArrayList<>();
        Map<Path, String> stamps = new LinkedHashMap<>();
        List<Runnable> afterStore = new ArrayList<>();
        for (Work work : batch) {
            try {
                register(work, out, stamps, afterStore);
            } catch (RuntimeException e) {
                // one image's trouble is its own: report it and go on with the rest
                LOG.warn("image {} not registered: {}", work.image().path(), e.toString(), e);
            }
        }
        if (!out.isEmpty()) {
            sink.register(out, stamps);
            registeredCount.addAndGet(out.size());
        }
        afterStore.forEach(Runnable::run);
    }

    private void register(
            Work work, List<DataObjectRegistration> out, Map<Path, String> stamps, List<Runnable> afterStore) {
        EpuImage image = work.image();
        Path path = image.path();
        String stamp;
        try {
            stamp = Files.size(path) + "/" + Files.getLastModifiedTime(path).toInstant();
        } catch (NoSuchFileException e) {
            LOG.debug("image gone before it was registered: {}", path);
            return;
        } catch (IOException e) {
            retry(work, Held.HEADER, "cannot stat it: " + e.getMessage());
            return;
        }
        String uid = uid(path);
        if (stamp.equals(registered.get(path))) {
            remember(image, uid); // registered before: a parent for what comes next
            return;
        }
        if (stamp.equals(rejected.get(path))) {
            return; // the same bad bytes
        }
        List<String> atlasGrids = atlasGrids(image);
        if (image.kind() == ImageKind.ATLAS && atlasGrids.isEmpty() && work.attempt() < GRID_WAITS) {
            retry(work, Held.GRID, "no grid's session links its atlas yet");
            return;
        }
        String parent = null;
        String expected = expectedParentKey(image);
        if (expected != null) {
            Newest found = newest.get(expected);
            if (found == null && work.attempt() < PARENT_WAITS) {
                retry(work, Held.PARENT, "its parent image (" + expected + ") is not registered yet");
                return;
            }
            parent = found != null ? found.uid() : fallbackParent(image);
        }
        ImageHeader header;
        try {
            header = formats.header(path);
        } catch (ImageReadException | RuntimeException e) {
            if (work.attempt() < HEADER_TRIES) {
                retry(work, Held.HEADER, e.getMessage());
            } else {
                rejected.put(path, stamp);
                rejectedCount.incrementAndGet();
                LOG.warn("image not registered, skipped until it changes: {}: {}", path, e.getMessage());
            }
            return;
        }
        rejected.remove(path);
        out.add(new DataObjectRegistration(uid, body(image, uid, parent, header, entityUuid(image, atlasGrids))));
        stamps.put(path, stamp);
        registered.put(path, stamp);
        remember(image, uid);
    }

    /** The key under which {@link #newest} holds the image's parent; null for an atlas image (a root). */
    private String expectedParentKey(EpuImage image) {
        Path grid = image.gridFolder();
        return switch (image.kind()) {
            case ATLAS -> null;
            case ATLAS_TILE -> atlasKey(image.path().getParent());
            case GRIDSQUARE -> {
                if (grid == null) {
                    yield null;
                }
                yield grids.atlasOf(grid, atlasFiles)
                        .map(atlas ->
                                atlasKey(atlas.toAbsolutePath().normalize().getParent()))
                        .orElse("atlas of " + grid);
            }
            case FOILHOLE -> squareKey(grid, image.squareId());
            case MICROGRAPH, MOVIE -> holeKey(grid, image.squareId(), image.holeId());
        };
    }

    /** When the parent never came: the nearest ancestor that did (a micrograph's square), else none. */
    private String fallbackParent(EpuImage image) {
        if (image.kind() == ImageKind.MICROGRAPH || image.kind() == ImageKind.MOVIE) {
            Newest square = newest.get(squareKey(image.gridFolder(), image.squareId()));
            if (square != null) {
                return square.uid();
            }
        }
        LOG.debug("{} registered without its parent image (none came)", image.path());
        return null;
    }

    private void remember(EpuImage image, String uid) {
        String key = switch (image.kind()) {
            case ATLAS -> atlasKey(image.path().getParent());
            case GRIDSQUARE -> squareKey(image.gridFolder(), image.squareId());
            case FOILHOLE -> holeKey(image.gridFolder(), image.squareId(), image.holeId());
            case ATLAS_TILE, MICROGRAPH, MOVIE -> null; // nobody's parent
        };
        if (key == null) {
            return;
        }
        if (image.kind() == ImageKind.ATLAS) {
            atlasFiles.add(image.path().resolveSibling(ATLAS_FILE));
        }
        // of one acquisition's JPEG and MRC, a child names the JPEG: the thumbnail EPU always writes
        String name = stem(image.path().getFileName().toString());
        newest.merge(key, new Newest(name, uid), (old, now) -> now.name().compareTo(old.name()) > 0 ? now : old);
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        return stem + (name.toLowerCase(java.util.Locale.ROOT).endsWith(".jpg") ? "~" : "");
    }

    private static String atlasKey(Path atlasFolder) {
        return "atlas " + atlasFolder;
    }

    private static String squareKey(Path grid, long square) {
        return "square " + grid + " " + square;
    }

    private static String holeKey(Path grid, long square, long hole) {
        return "hole " + grid + " " + square + " " + hole;
    }

    private String body(EpuImage image, String uid, String parent, ImageHeader header, String entity) {
        ObjectNode node = JSON.createObjectNode();
        node.put("uid", uid);
        node.put("path", image.path().toString());
        node.put("kind", image.kind().wireName());
        node.put("session", session.toString());
        ArrayNode parents = node.putArray("parents");
        if (parent != null) {
            parents.add(parent);
        }
        ArrayNode shape = node.putArray("shape");
        header.shape().forEach(shape::add);
        node.put("dtype", header.dtype().dtype());
        if (entity != null) {
            node.put("entity_uuid", entity);
        }
        ObjectNode metadata = node.putObject("metadata");
        metadata.put("format", header.format());
        metadata.put("source", "epu");
        return node.toString();
    }

    /**
     * The grids that take the atlas in the folder of an atlas or tile image (first met first); empty for
     * other images, or while no grid's session links that atlas.
     */
    private List<String> atlasGrids(EpuImage image) {
        if (image.kind() != ImageKind.ATLAS && image.kind() != ImageKind.ATLAS_TILE) {
            return List.of();
        }
        Path atlasFile = image.path().resolveSibling(ATLAS_FILE);
        java.util.Set<Path> candidates = new java.util.TreeSet<>(atlasFiles);
        candidates.add(atlasFile); // this atlas image's own, before it is remembered
        return grids.gridsTaking(atlasFile, candidates);
    }

    /**
     * The SmartEM entity the image shows (name-based uuids, as the entities'): the grid for an atlas image
     * (the first grid taking the atlas: SmartEM's {@code /grids/{uuid}/atlas_image} looks for it), the atlas
     * tile for a tile image, the grid square or the foil hole; null for micrographs and movies (the
     * micrograph's uuid is not known from the file name) and when the grid is not known.
     */
    private String entityUuid(EpuImage image, List<String> atlasGrids) {
        if (image.kind() == ImageKind.ATLAS || image.kind() == ImageKind.ATLAS_TILE) {
            if (atlasGrids.isEmpty()) {
                return null;
            }
            String grid = atlasGrids.getFirst();
            if (image.kind() == ImageKind.ATLAS) {
                return grid;
            }
            long tile = image.tileId();
            return tile < 0 ? null : EpuEntities.tileUuid(EpuEntities.atlasUuid(grid), tile);
        }
        Path grid = image.gridFolder();
        if (grid == null || image.squareId() < 0) {
            return null;
        }
        String square = EpuEntities.squareUuid(grids.gridUuid(grid), image.squareId());
        return switch (image.kind()) {
            case GRIDSQUARE -> square;
            case FOILHOLE -> EpuEntities.holeUuid(square, image.holeId());
            default -> null;
        };
    }

    private void retry(Work work, Held why, String reason) {
        int attempt = work.attempt();
        long delay = Math.min(RETRY_MAX_MS, RETRY_MIN_MS << Math.min(attempt, 10));
        LOG.debug("image {} again in {} ms ({}: {})", work.image().path(), delay, why, reason);
        backlog.incrementAndGet();
        Work again = new Work(work.seq(), work.image(), attempt + 1);
        retries.schedule(
                () -> {
                    enqueue(List.of(again));
                    backlog.decrementAndGet();
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    /** Waits until nothing is queued or waiting to be retried, or the time is up; true when it emptied. */
    public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (backlog.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        worker.interrupt();
        retries.shutdownNow();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
