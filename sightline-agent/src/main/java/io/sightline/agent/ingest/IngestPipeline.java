package io.sightline.agent.ingest;

import io.sightline.agent.watch.FileListener;
import io.sightline.agent.watch.SettledFile;
import io.sightline.agent.watch.WatchStatus;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.path.EpuPathClassifier;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.epu.read.EpuReaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-file chain, on one thread of its own: settled file → classify → content hash (unchanged bytes
 * produce nothing) → read (incomplete: retried with backoff; malformed or unsupported: reported once,
 * retried only when the file changes) → {@link Reconciler} → {@link EntitySink}; a file whose parent is
 * not known waits in {@link PendingChildren} and goes round again when the parent arrives.
 *
 * <p>As a {@link FileListener} it only queues work, so the watcher is never held up.
 */
public final class IngestPipeline implements FileListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final Reconciler reconciler;
    private final EntitySink sink;
    private final PendingChildren pending;
    private final EpuPathClassifier classifier = new EpuPathClassifier();
    private final EpuReaders readers = new EpuReaders();
    private final ScheduledExecutorService executor;
    private final FileHashes hashes;
    /** Content hash of each file as last applied this run. */
    private final Map<Path, String> applied = new HashMap<>();
    /** Content hash of each file as applied by an earlier run, until this run meets the file. */
    private final Map<Path, String> earlier;
    /** Size and mtime of files found malformed or unsupported: not read again until they change. */
    private final Map<Path, String> rejected = new HashMap<>();
    /** Files that were gone when read (deleted, or the folder dropped): read again when the folder is back. */
    private final Set<Path> vanished = new LinkedHashSet<>();
    /** The watcher's last state (its thread only). */
    private WatchStatus.State watchState;
    private final AtomicLong filesSeen = new AtomicLong();
    private final AtomicLong filesApplied = new AtomicLong();
    private final AtomicLong filesRejected = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();

    /** A pipeline that remembers nothing across runs (every file is read again at start). */
    public IngestPipeline(Reconciler reconciler, EntitySink sink, PendingChildren pending) {
        this(reconciler, sink, pending, FileHashes.NONE);
    }

    /**
     * @param hashes files applied by earlier runs; the reconciler must already know those runs' entities
     *               ({@link Reconciler#restore}), since their unchanged files are not read again
     */
    public IngestPipeline(Reconciler reconciler, EntitySink sink, PendingChildren pending, FileHashes hashes) {
        this.reconciler = reconciler;
        this.sink = sink;
        this.pending = pending;
        this.hashes = hashes;
        this.earlier = new HashMap<>(hashes.fileHashes());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-ingest");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stores the acquisition; call once before files arrive. */
    public void start() {
        submit(() -> {
            List<EntityChange> changes = reconciler.start().changes();
            if (!changes.isEmpty()) {
                sink.append(changes);
            }
        });
    }

    @Override
    public void settled(SettledFile file) {
        submit(() -> handle(file.path(), file.size() + "/" + file.lastModified(), 0, false));
    }

    /** Offers a file as if it had settled (tests; replays). */
    public void offer(Path path) {
        submit(() -> handle(path, stamp(path), 0, false));
    }

    /**
     * When the watched folder comes back after an outage, the files that vanished under the reader are
     * read again: the watcher handed them on once and, unchanged, will not hand them on again.
     */
    @Override
    public void status(WatchStatus status) {
        WatchStatus.State before = watchState;
        watchState = status.state();
        if (status.state() == WatchStatus.State.WATCHING && before != WatchStatus.State.WATCHING) {
            submit(() -> {
                List<Path> again = List.copyOf(vanished);
                vanished.clear();
                again.forEach(p -> handle(p, stamp(p), 0, false));
            });
        }
    }

    @Override
    public void deleted(Path path) {
        submit(() -> vanished.remove(path));
        LOG.debug("deleted (entities kept): {}", path);
    }

    public long filesSeen() {
        return filesSeen.get();
    }

    public long filesApplied() {
        return filesApplied.get();
    }

    public long filesRejected() {
        return filesRejected.get();
    }

    /** Work queued or running (a retry that waits counts too). */
    public long backlog() {
        return queued.get();
    }

    public Map<EntityType, Long> entityCounts() {
        return reconciler.counts();
    }

    private void submit(Runnable work) {
        queued.incrementAndGet();
        executor.execute(() -> run(work));
    }

    private void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("ingest failed: {}", e.toString(), e);
        } finally {
            queued.decrementAndGet();
        }
    }

    private void handle(Path path, String stamp, int attempt, boolean released) {
        Optional<EpuFile> classified = classifier.classify(path);
        if (classified.isEmpty()) {
            return;
        }
        if (attempt == 0 && !released) {
            filesSeen.incrementAndGet();
        }
        if (stamp != null && stamp.equals(rejected.get(path))) {
            return; // still the same bad bytes
        }
        String hash;
        try {
            hash = sha256(path);
        } catch (IOException e) {
            if (!Files.exists(path)) {
                LOG.debug("gone before it could be read: {}", path);
                vanished.add(path);
                return;
            }
            retry(path, stamp, attempt, "unreadable: " + e.getMessage());
            return;
        }
        if (!released && hash.equals(applied.get(path))) {
            return; // re-settled with the same content: nothing to say
        }
        String before = released ? null : earlier.remove(path);
        if (hash.equals(before) && !(classified.get() instanceof EpuFile.Session)) {
            // applied by an earlier run and unchanged since. Sessions are read anyway: they are few, and
            // they tell the reconciler where each grid's atlas lives, which is not kept across runs.
            LOG.trace("unchanged since the last run: {}", path);
            applied.put(path, hash);
            return;
        }
        EpuRecord record;
        try {
            record = readers.read(classified.get());
        } catch (EpuReadException.Incomplete | EpuReadException.Unreadable e) {
            retry(path, stamp, attempt, e.getMessage());
            return;
        } catch (EpuReadException e) {
            filesRejected.incrementAndGet();
            rejected.put(path, stamp == null ? stamp(path) : stamp);
            LOG.warn("{} file, skipped until it changes: {}", e.kind(), e.getMessage());
            return;
        }
        rejected.remove(path);
        switch (reconciler.apply(classified.get(), record, path)) {
            case Reconciler.Result.Waiting waiting -> {
                LOG.debug("{} waits for {}", path, waiting.parent());
                pending.park(waiting.parent(), path);
            }
            case Reconciler.Result.Applied done -> {
                if (!done.changes().isEmpty()) {
                    sink.append(done.changes());
                }
                if (!hash.equals(applied.put(path, hash)) && !hash.equals(before)) {
                    hashes.applied(path, hash);
                }
                filesApplied.incrementAndGet();
                pending.forget(path);
                for (ParentRef parent : done.released()) {
                    List<Path> children = "*".equals(parent.id()) ? pending.releaseAll(parent.type())
                            : pending.release(parent);
                    for (Path child : children) {
                        handle(child, stamp(child), 0, true);
                    }
                }
            }
        }
    }

    private void retry(Path path, String stamp, int attempt, String why) {
        long delay = Math.min(RETRY_MAX.toMillis(), RETRY_MIN.toMillis() << Math.min(attempt, 10));
        if (attempt == 8) {
            LOG.warn("still cannot read {} after {} attempts ({}); retrying every {} ms", path, attempt, why, delay);
        } else {
            LOG.debug("retry {} in {} ms: {}", path, delay, why);
        }
        queued.incrementAndGet();
        executor.schedule(() -> run(() -> handle(path, stamp, attempt + 1, false)), delay, TimeUnit.MILLISECONDS);
    }

    private static String stamp(Path path) {
        try {
            return Files.size(path) + "/" + Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    /** Waits until the queue is empty (retries included) or the time is up; true when it emptied. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (queued.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
