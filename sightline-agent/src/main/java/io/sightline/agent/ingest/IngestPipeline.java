package io.sightline.agent.ingest;

import io.sightline.agent.watch.FileListener;
import io.sightline.agent.watch.SettledFile;
import io.sightline.agent.watch.WatchStatus;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.path.EpuFile;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.wire.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-file chain: settled file → classify → queue, parents' kinds first → content hash and read on a
 * small pool (unchanged bytes produce nothing; incomplete: retried with backoff until it completes or the
 * {@link TruncationRule} says it is cut short for good; malformed, unsupported or truncated: reported
 * once, read again only when the file changes) → {@link Reconciler} → {@link EntitySink}, on one thread;
 * a file whose parent is not known waits in {@link PendingChildren} and is queued again when the parent
 * arrives.
 *
 * <p>Order: the queue hands out sessions, then atlases, grid-square metadata, grid-square manifests,
 * foil-hole manifests and micrograph manifests, each kind in arrival order; so a burst (the whole tree
 * at start, after a restart or an outage) meets its parents before its children and hardly anything has
 * to wait. Reads run ahead on the pool, but files are reconciled and stored strictly in the order they
 * left the queue, whichever read finished first: two versions of one file are applied in the order they
 * were offered.
 *
 * <p>Stores are grouped: the changes of the files read by the time the previous one is applied (or
 * within {@link #GROUP_LINGER_NANOS} while reads run behind) go to the sink in one call, one transaction
 * with the files' content hashes. Nothing is sent before it is stored, and a file whose changes were not
 * stored is read again at the next start, so grouping only spares transactions.
 *
 * <p>As a {@link FileListener} it only queues work, so the watcher is never held up.
 */
public final class IngestPipeline implements FileListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(200);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    /** Reads running or done but not applied yet: keeps the pool busy, bounds what waits in memory. */
    private static final int READ_AHEAD = 64;
    /** A store group closes at this many changes even when more files are ready (bounds one transaction). */
    private static final int GROUP_CHANGES = 5000;
    /**
     * How long a group may wait for the next read to finish before it is stored anyway. A commit costs
     * milliseconds whatever its size (the store rewrites the pages it touched), so during a catch-up,
     * when the reads only just keep ahead, storing whenever the next read was not finished made ~80
     * commits of ~60 changes for the micrographs of the benchmark session at 120-600 µs a change. When
     * nothing is queued the group is stored at once, so a live file is never held back.
     */
    private static final long GROUP_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Reconciler reconciler;
    private final EntitySink sink;
    private final PendingChildren pending;
    /** The reconciler's file kinds: what it can map is what is classified and read. */
    private final EpuKinds kinds;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workQueued = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private final PriorityQueue<Queued> queue = new PriorityQueue<>(Queued.ORDER);
    /** Guarded by {@link #lock}. */
    private long nextSeq;

    private final ExecutorService reads;
    private final ScheduledExecutorService retries;
    private final Thread applier;

    // The applier thread's own, except where said.
    /** Content hash of each file as last applied this run. */
    private final Map<Path, String> applied = new HashMap<>();
    /** Content hash of each file as applied by an earlier run, until this run meets the file (read by the pool too). */
    private final Map<Path, String> earlier;
    /** Size and mtime of files found malformed or unsupported: not read again until they change. */
    private final Map<Path, String> rejected = new HashMap<>();
    /** Files that ended early: the bytes last read and since when they stayed so. */
    private final Map<Path, CutShort> cutShort = new HashMap<>();
    /** Files that were gone when read (deleted, or the folder dropped): read again when the folder is back. */
    private final Set<Path> vanished = new LinkedHashSet<>();
    /** What {@link #pending} holds, so that a parent with no waiting children costs no store round trip. */
    private final Map<Path, ParentRef> waitingFor;

    private final Map<ParentRef, Set<Path>> waitingOn = new HashMap<>();
    /** The current store group: changes, the hashes to record with them, and how many queued items it ends. */
    private final List<EntityChange> groupChanges = new ArrayList<>();

    private final Map<Path, String> groupHashes = new LinkedHashMap<>();
    private int groupItems;
    /** When the current group took its first item (System.nanoTime). */
    private long groupStarted;
    /** The watcher's last state (its thread only). */
    private WatchStatus.State watchState;

    private final AtomicLong filesSeen = new AtomicLong();
    private final AtomicLong filesApplied = new AtomicLong();
    private final AtomicLong filesRejected = new AtomicLong();
    private final AtomicLong filesParked = new AtomicLong();
    private final AtomicLong readRetries = new AtomicLong();
    /** Items queued, being read or applied, or stored in a group not committed yet, and retries waiting. */
    private final AtomicLong queued = new AtomicLong();
    /** Notified when {@link #queued} comes down to zero ({@link #awaitIdle}). */
    private final Object idle = new Object();

    private final TruncationRule truncation;
    private final Clock clock;

    /** Something to do, in the queue's order: a file, or an action on the applier's state ({@link #CONTROL}). */
    private record Queued(long seq, int rank, Runnable action, FileWork file) {
        static final Comparator<Queued> ORDER =
                Comparator.comparingInt(Queued::rank).thenComparingLong(Queued::seq);
    }

    /** One settled (or released, or retried) file. */
    private record FileWork(Path path, EpuFile file, String stamp, int attempt, boolean released) {}

    /** A file that ended early: the hash of its bytes, how many reads found them so, since when. */
    private record CutShort(String hash, int reads, Instant since) {}

    /** What the pool found: the content hash and the record, or why there is none. */
    private record Read(String hash, EpuRecord record, EpuReadException failure, IOException unreadable) {}

    private record Prepared(Queued item, Future<Read> read) {}

    /** Rank of actions on the applier's state: before any file. */
    private static final int CONTROL = 0;

    /** A pipeline that remembers nothing across runs (every file is read again at start). */
    public IngestPipeline(Reconciler reconciler, EntitySink sink, PendingChildren pending) {
        this(reconciler, sink, pending, FileHashes.NONE);
    }

    /**
     * @param hashes files applied by earlier runs; the reconciler must already know those runs' entities
     *               ({@link Reconciler#restore}), since their unchanged files are not read again
     */
    public IngestPipeline(Reconciler reconciler, EntitySink sink, PendingChildren pending, FileHashes hashes) {
        this(reconciler, sink, pending, hashes, Runtime.getRuntime().availableProcessors());
    }

    /** @param readThreads how many files are hashed and read at once */
    public IngestPipeline(
            Reconciler reconciler, EntitySink sink, PendingChildren pending, FileHashes hashes, int readThreads) {
        this(reconciler, sink, pending, hashes, readThreads, TruncationRule.DEFAULT, Clock.systemUTC());
    }

    /**
     * @param truncation when a file that ends early is reported as truncated instead of read again
     * @param clock      measures how long such a file stayed unchanged
     */
    public IngestPipeline(
            Reconciler reconciler,
            EntitySink sink,
            PendingChildren pending,
            FileHashes hashes,
            int readThreads,
            TruncationRule truncation,
            Clock clock) {
        this.truncation = truncation;
        this.clock = clock;
        this.reconciler = reconciler;
        this.kinds = reconciler.kinds();
        this.sink = sink;
        this.pending = pending;
        this.earlier = new ConcurrentHashMap<>(hashes.fileHashes());
        this.waitingFor = new HashMap<>(pending.waitingFiles());
        waitingFor.forEach((path, parent) ->
                waitingOn.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(path));
        AtomicInteger readerNumber = new AtomicInteger();
        this.reads = Executors.newFixedThreadPool(Math.max(1, readThreads), r -> {
            Thread t = new Thread(r, "sightline-read-" + readerNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-ingest-retry");
            t.setDaemon(true);
            return t;
        });
        this.applier = Thread.ofPlatform().name("sightline-ingest").daemon().start(this::applyLoop);
    }

    /** Stores the acquisition; call once before files arrive. */
    public void start() {
        control(() -> groupChanges.addAll(reconciler.start().changes()));
    }

    @Override
    public void settled(SettledFile file) {
        settledTogether(List.of(file));
    }

    /** Queues the whole batch at once, so that it is taken parents first whatever its path order. */
    @Override
    public void settledTogether(List<SettledFile> files) {
        List<FileWork> work = new ArrayList<>(files.size());
        for (SettledFile file : files) {
            kinds.classify(file.path())
                    .ifPresent(c ->
                            work.add(new FileWork(file.path(), c, file.size() + "/" + file.lastModified(), 0, false)));
        }
        enqueue(work);
    }

    /** Offers a file as if it had settled (tests; replays). */
    public void offer(Path path) {
        offerTogether(List.of(path));
    }

    /** Offers files as if they had settled together (tests; replays). */
    public void offerTogether(List<Path> paths) {
        List<FileWork> work = new ArrayList<>(paths.size());
        for (Path path : paths) {
            kinds.classify(path).ifPresent(c -> work.add(new FileWork(path, c, stamp(path), 0, false)));
        }
        enqueue(work);
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
            control(() -> {
                List<Path> again = List.copyOf(vanished);
                vanished.clear();
                offerTogether(again);
            });
        }
    }

    @Override
    public void deleted(Path path) {
        control(() -> vanished.remove(path));
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

    /** How many times a file that could not be read (yet) was scheduled to be read again. */
    public long readRetries() {
        return readRetries.get();
    }

    /** How many times a file was set aside to wait for its parent. */
    public long filesParked() {
        return filesParked.get();
    }

    /** Work queued or running (a retry that waits counts too). */
    public long backlog() {
        return queued.get();
    }

    public Map<EntityType, Long> entityCounts() {
        return reconciler.counts();
    }

    // ---- the queue ----

    private void control(Runnable action) {
        lock.lock();
        try {
            queued.incrementAndGet();
            queue.add(new Queued(nextSeq++, CONTROL, action, null));
            workQueued.signal();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(List<FileWork> work) {
        if (work.isEmpty()) {
            return;
        }
        queued.addAndGet(work.size());
        requeue(work);
    }

    /** Queues work already counted in {@link #queued} (retries counted when scheduled). */
    private void requeue(List<FileWork> work) {
        lock.lock();
        try {
            for (FileWork w : work) {
                queue.add(new Queued(nextSeq++, rank(w.file()), null, w));
            }
            workQueued.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Parents' kinds first: each file kind's parent entities come from the kinds ranked before it. */
    private int rank(EpuFile file) {
        return kinds.kindOf(file).rank();
    }

    private boolean isSession(EpuFile file) {
        return kinds.kindOf(file) == EpuKinds.SESSION;
    }

    private Queued poll() {
        lock.lock();
        try {
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    private Queued take() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty()) {
                workQueued.await();
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the applier thread ----

    private void applyLoop() {
        ArrayDeque<Prepared> ahead = new ArrayDeque<>();
        try {
            while (true) {
                for (Queued next; ahead.size() < READ_AHEAD && (next = poll()) != null; ) {
                    ahead.add(prepare(next));
                }
                if (ahead.isEmpty()) {
                    flush();
                    ahead.add(prepare(take()));
                    continue;
                }
                Prepared head = ahead.removeFirst();
                if (groupChanges.size() >= GROUP_CHANGES
                        || (!head.read().isDone() && System.nanoTime() - groupStarted >= GROUP_LINGER_NANOS)) {
                    flush(); // store what is done rather than hold it longer while the next read finishes
                }
                try {
                    apply(head.item(), head.read().get());
                } catch (ExecutionException | RuntimeException e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    LOG.error("ingest failed: {}", cause.toString(), cause);
                } finally {
                    if (groupItems++ == 0) {
                        groupStarted = System.nanoTime();
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Starts the read of a file on the pool; an action needs none. */
    private Prepared prepare(Queued item) {
        if (item.file() == null) {
            return new Prepared(item, CompletableFuture.completedFuture(null));
        }
        FileWork w = item.file();
        if (w.attempt() == 0 && !w.released()) {
            filesSeen.incrementAndGet();
        }
        return new Prepared(item, reads.submit(() -> read(w)));
    }

    /** On the pool: hash, then read unless the bytes are those an earlier run applied. */
    private Read read(FileWork w) {
        String hash;
        try {
            hash = fingerprint(w.path());
        } catch (IOException e) {
            return new Read(null, null, null, e);
        }
        if (!w.released() && !isSession(w.file()) && hash.equals(earlier.get(w.path()))) {
            return new Read(hash, null, null, null);
        }
        try {
            return new Read(hash, kinds.read(w.file()), null, null);
        } catch (EpuReadException e) {
            return new Read(hash, null, e, null);
        }
    }

    private void apply(Queued item, Read read) {
        if (item.file() == null) {
            item.action().run();
            return;
        }
        FileWork w = item.file();
        Path path = w.path();
        if (w.stamp() != null && w.stamp().equals(rejected.get(path))) {
            return; // still the same bad bytes
        }
        if (read.unreadable() != null) {
            if (!Files.exists(path)) {
                LOG.debug("gone before it could be read: {}", path);
                vanished.add(path);
                return;
            }
            retry(w, "unreadable: " + read.unreadable().getMessage());
            return;
        }
        String hash = read.hash();
        if (!w.released() && hash.equals(applied.get(path))) {
            return; // re-settled with the same content: nothing to say
        }
        String before = w.released() ? null : earlier.remove(path);
        if (hash.equals(before) && !isSession(w.file())) {
            // applied by an earlier run and unchanged since. Sessions are read anyway: they are few, and
            // they tell the reconciler where each grid's atlas lives, which is not kept across runs.
            LOG.trace("unchanged since the last run: {}", path);
            applied.put(path, hash);
            return;
        }
        EpuRecord record = read.record();
        EpuReadException failure = read.failure();
        if (record == null && failure == null) {
            // the pool took it for unchanged since the last run, but an earlier offer of it came first
            try {
                record = kinds.read(w.file());
            } catch (EpuReadException e) {
                failure = e;
            }
        }
        if (failure instanceof EpuReadException.Incomplete incomplete) {
            CutShort cut = cutShort(path, hash);
            if (!truncation.truncated(cut.reads(), Duration.between(cut.since(), clock.instant()))) {
                retry(w, failure.getMessage());
                return;
            }
            cutShort.remove(path);
            reject(
                    w,
                    () -> LOG.warn(
                            "malformed file, skipped until it changes: {}{}: truncated (it ends there, and stayed so"
                                    + " over {} reads and {} s)",
                            path,
                            incomplete.line() > 0 ? ":" + incomplete.line() + ":" + incomplete.column() : "",
                            cut.reads(),
                            Duration.between(cut.since(), clock.instant()).toSeconds()));
            return;
        }
        cutShort.remove(path);
        if (failure instanceof EpuReadException.Unreadable) {
            retry(w, failure.getMessage());
            return;
        }
        if (failure != null) {
            EpuReadException reported = failure;
            reject(w, () -> LOG.warn("{} file, skipped until it changes: {}", reported.kind(), reported.getMessage()));
            return;
        }
        rejected.remove(path);
        switch (reconciler.apply(w.file(), record, path)) {
            case Reconciler.Result.Waiting waiting -> {
                LOG.debug("{} waits for {}", path, waiting.parent());
                park(waiting.parent(), path);
            }
            case Reconciler.Result.Applied done -> {
                groupChanges.addAll(done.changes());
                if (!hash.equals(applied.put(path, hash)) && !hash.equals(before)) {
                    groupHashes.put(path, hash);
                }
                filesApplied.incrementAndGet();
                if (waitingFor.containsKey(path)) {
                    pending.forget(path);
                    unpark(path);
                }
                for (ParentRef parent : done.released()) {
                    release(parent);
                }
            }
        }
    }

    /** The file's cut-short record after one more incomplete read of the bytes {@code hash}. */
    private CutShort cutShort(Path path, String hash) {
        CutShort seen = cutShort.get(path);
        CutShort now = seen != null && seen.hash().equals(hash)
                ? new CutShort(hash, seen.reads() + 1, seen.since())
                : new CutShort(hash, 1, clock.instant());
        cutShort.put(path, now);
        return now;
    }

    /** Reports a file once ({@code report}) and skips it until its size or modification time changes. */
    private void reject(FileWork w, Runnable report) {
        filesRejected.incrementAndGet();
        rejected.put(w.path(), w.stamp() == null ? stamp(w.path()) : w.stamp());
        report.run();
    }

    private void park(ParentRef parent, Path path) {
        pending.park(parent, path);
        filesParked.incrementAndGet();
        unpark(path);
        waitingFor.put(path, parent);
        waitingOn.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(path);
    }

    private void unpark(Path path) {
        ParentRef parent = waitingFor.remove(path);
        Set<Path> siblings = parent == null ? null : waitingOn.get(parent);
        if (siblings != null && siblings.remove(path) && siblings.isEmpty()) {
            waitingOn.remove(parent);
        }
    }

    /** Queues again the files that waited for {@code parent} (any parent of its type when its id is "*"). */
    private void release(ParentRef parent) {
        boolean any = "*".equals(parent.id())
                ? waitingOn.keySet().stream().anyMatch(p -> p.type().equals(parent.type()))
                : waitingOn.containsKey(parent);
        if (!any) {
            return;
        }
        List<Path> children = "*".equals(parent.id()) ? pending.releaseAll(parent.type()) : pending.release(parent);
        children.forEach(this::unpark);
        List<FileWork> again = new ArrayList<>(children.size());
        for (Path child : children) {
            kinds.classify(child).ifPresent(c -> again.add(new FileWork(child, c, stamp(child), 0, true)));
        }
        enqueue(again);
    }

    /** Stores the group: its changes and the hashes of the files they came from, in one call. */
    private void flush() {
        if (groupItems == 0 && groupChanges.isEmpty() && groupHashes.isEmpty()) {
            return;
        }
        try {
            if (!groupChanges.isEmpty() || !groupHashes.isEmpty()) {
                sink.append(List.copyOf(groupChanges), Map.copyOf(groupHashes));
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "ingest failed: {} changes of {} files not stored (read again at the next start): {}",
                    groupChanges.size(),
                    groupHashes.size(),
                    e.toString(),
                    e);
        } finally {
            groupChanges.clear();
            groupHashes.clear();
            finished(groupItems);
            groupItems = 0;
        }
    }

    private void retry(FileWork w, String why) {
        int attempt = w.attempt();
        long delay = Math.min(RETRY_MAX.toMillis(), RETRY_MIN.toMillis() << Math.min(attempt, 10));
        if (attempt == 8) {
            LOG.warn(
                    "still cannot read {} after {} attempts ({}); retrying every {} ms", w.path(), attempt, why, delay);
        } else {
            LOG.debug("retry {} in {} ms: {}", w.path(), delay, why);
        }
        queued.incrementAndGet();
        readRetries.incrementAndGet();
        FileWork again = new FileWork(w.path(), w.file(), w.stamp(), attempt + 1, false);
        retries.schedule(() -> requeue(List.of(again)), delay, TimeUnit.MILLISECONDS);
    }

    private static String stamp(Path path) {
        try {
            return Files.size(path) + "/" + Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The file's fingerprint: its size and two 32-bit CRCs (CRC-32C and CRC-32) of its bytes. It only tells
     * whether a file EPU wrote changed since it was last applied (nobody forges these files), so a
     * cryptographic hash buys nothing here, and it was the agent's largest CPU cost: the agent runs C1 only,
     * where SHA-256 has no intrinsic and hashed at ~110 MB/s (3 s of CPU for the benchmark session's 320 MB,
     * one second of it on the 108 MB Atlas.dm that every later file waits behind), while both CRCs are C1
     * intrinsics (~4 GB/s). Two independent 32-bit checks miss a random change with odds of 2^-64, and a
     * change of size is always seen. A state written with SHA-256 does not match: its files are read once
     * more after the upgrade, which sends nothing (the reconciler only emits what differs).
     */
    private static String fingerprint(Path path) throws IOException {
        CRC32C crc32c = new CRC32C();
        CRC32 crc32 = new CRC32();
        long size = 0;
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                crc32c.update(buffer, 0, n);
                crc32.update(buffer, 0, n);
                size += n;
            }
        }
        return String.format("crc:%d:%08x%08x", size, crc32c.getValue(), crc32.getValue());
    }

    /** {@code n} queued items are done (stored, or nothing to store). */
    private void finished(long n) {
        if (queued.addAndGet(-n) == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** Waits until the queue is empty (retries included) or the time is up; true when it emptied. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (queued.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    @Override
    public void close() {
        applier.interrupt();
        retries.shutdownNow();
        reads.shutdownNow();
        try {
            applier.join(TimeUnit.SECONDS.toMillis(10));
            reads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
