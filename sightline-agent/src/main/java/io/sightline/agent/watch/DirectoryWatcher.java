package io.sightline.agent.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory tree and hands each file on to a {@link FileListener} once it has settled.
 *
 * <p>Two sources feed one {@link SettleTracker}: operating-system change events (every directory is
 * registered as it appears) for low latency, and a full rescan every {@link WatchOptions#rescanInterval()}
 * as the source of truth, which also runs at start, when events overflow and when the root comes back
 * after going missing. Events only say where to look; the watcher always reads the file's attributes
 * itself, so a lost, duplicated or reordered event costs at most one rescan interval of latency. In
 * polling-only mode the rescans are all there is.
 *
 * <p>The start is one code path whatever the acquisition's state: each directory is registered before
 * its entries are read, so a file written while the existing tree is being walked is seen by the walk
 * or by an event, and the tracker keeps it from being handed on twice.
 *
 * <p>A missing root (not created yet, share dropped) puts the watcher in
 * {@link WatchStatus.State#WAITING_FOR_FOLDER}; it looks again with doubling back-off and, when the root
 * is back, registers and rescans it. Files are not reported deleted because of an outage: the rescan
 * after it reports what is really gone.
 *
 * <p>One platform thread, named {@value #THREAD_NAME_PREFIX} plus the root's name, does all the work and
 * calls the listener; it sleeps until the next event, settle deadline or rescan.
 */
public final class DirectoryWatcher implements AutoCloseable {

    /** Every watcher thread's name starts with this. */
    public static final String THREAD_NAME_PREFIX = "sightline-watch-";

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);
    private static final int MAX_KEYS_PER_BATCH = 4096;
    private static final int MIN_DUE_FOR_RESCAN = 256;
    private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_COALESCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final WatchOptions options;
    private final Path root;
    private final FileListener listener;
    private final SettleTracker tracker;
    /** Waking a little after a deadline lets files seen moments apart (one walk) settle in one sorted batch. */
    private final long coalesceNanos;

    // Confined to the watcher thread.
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private final Map<Path, WatchKey> watchedDirectories = new HashMap<>();
    /** Every directory below the root that a walk has seen, watched or not, to forget files below it. */
    private Set<Path> directories = new HashSet<>();

    private final List<Path> deletions = new ArrayList<>();
    private WatchStatus.State state = WatchStatus.State.STARTING;
    private Instant since;
    private Instant lastRescan;
    private Duration lastRescanDuration = Duration.ZERO;
    private long nextRescanAt;
    private boolean rescanRequested = true;
    private Duration retry;
    private boolean unwatchableWarned;
    private boolean watchServiceWarned;
    private int incompleteRescans;

    // Shared with the caller's threads.
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile WatchService watchService;
    private volatile WatchStatus status;

    public DirectoryWatcher(WatchOptions options, FileListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.root = options.root();
        this.tracker = new SettleTracker(options.settleWindow());
        this.coalesceNanos = Math.min(MAX_COALESCE_NANOS, options.settleWindow().toNanos() / 10);
        this.since = options.clock().instant();
        this.retry = options.retryMin();
        this.status = snapshot();
    }

    /** Starts the watcher thread and returns at once; the first scan runs on that thread. */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("watcher for " + root + " is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("watcher for " + root + " is already started");
            }
            String name = THREAD_NAME_PREFIX
                    + Optional.ofNullable(root.getFileName())
                            .map(Path::toString)
                            .orElse("root");
            thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
        }
    }

    /** The latest status; safe to call from any thread. */
    public WatchStatus status() {
        return status;
    }

    public WatchOptions options() {
        return options;
    }

    /** Stops the watcher thread and waits for it to end (a listener call in progress is finished first). */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            closed = true;
            running = thread;
        }
        closeWatchService();
        if (running == null) {
            status = snapshotWith(WatchStatus.State.STOPPED);
            return;
        }
        LockSupport.unpark(running);
        if (running == Thread.currentThread()) {
            return;
        }
        try {
            if (!running.join(CLOSE_TIMEOUT)) {
                log.warn(
                        "watcher thread {} did not stop within {}; it is busy in a listener call",
                        running.getName(),
                        CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the watcher thread

    private void run() {
        try {
            while (!closed) {
                try {
                    switch (state) {
                        case STARTING -> attachOrWait();
                        case WAITING_FOR_FOLDER -> lookForRoot();
                        default -> watchOnce();
                    }
                } catch (ClosedWatchServiceException e) {
                    if (!closed) {
                        log.warn(
                                "change events for {} stopped unexpectedly; rescanning, and opening them again "
                                        + "at the next rescan",
                                root,
                                e);
                        dropWatchService();
                        rescanRequested = true;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("watcher for {} stopped by an unexpected error", root, e);
        } finally {
            closeWatchService();
            state = WatchStatus.State.STOPPED;
            since = options.clock().instant();
            publish();
        }
    }

    private void attachOrWait() {
        if (!Files.isDirectory(root)) {
            enterWaiting();
            return;
        }
        state = WatchStatus.State.WATCHING;
        since = options.clock().instant();
        log.info(
                "watching {} ({}rescans every {})",
                root,
                options.pollingOnly() ? "" : "change events and ",
                options.rescanInterval());
        rescan();
    }

    private void openWatchService() {
        try {
            WatchService service = root.getFileSystem().newWatchService();
            watchService = service;
            if (closed) {
                closeWatchService();
            }
            watchServiceWarned = false;
        } catch (IOException e) {
            if (!watchServiceWarned) {
                watchServiceWarned = true;
                log.warn(
                        "no change events for {} ({}); relying on rescans every {} and trying again at each",
                        root,
                        e.getMessage(),
                        options.rescanInterval());
            }
        }
    }

    private void closeWatchService() {
        WatchService service = watchService;
        watchService = null;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the watch service for {} failed", root, e);
            }
        }
    }

    /** One round: rescan if due, settle what is due, then sleep until the next thing to do. */
    private void watchOnce() {
        if (rescanRequested || nanosNow() >= nextRescanAt) {
            rescan();
            if (state != WatchStatus.State.WATCHING) {
                return;
            }
        }
        settleDueFiles();
        if (state != WatchStatus.State.WATCHING || closed) {
            return;
        }
        status = snapshot();
        long wakeAt = nextRescanAt;
        Optional<Instant> deadline = tracker.nextDeadline();
        if (deadline.isPresent()) {
            // When a walk has just filled the tracker, wait until everything it saw is due so that one
            // walk, not a look per file, confirms them all.
            long coalesce = tracker.pendingCount() >= MIN_DUE_FOR_RESCAN
                    ? Math.max(coalesceNanos, lastRescanDuration.toNanos())
                    : coalesceNanos;
            wakeAt = Math.min(wakeAt, SettleTracker.nanos(deadline.get()) + coalesce);
        }
        long waitNanos = Math.max(MIN_WAIT_NANOS, wakeAt - nanosNow());
        WatchService service = watchService;
        if (service == null) {
            LockSupport.parkNanos(this, waitNanos);
            return;
        }
        WatchKey key;
        try {
            key = service.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return;
        }
        if (key != null) {
            handleEvents(service, key);
        }
    }

    private void rescan() {
        long started = System.nanoTime();
        if (!Files.isDirectory(root)) {
            enterWaiting();
            return;
        }
        if (!options.pollingOnly() && watchService == null) {
            openWatchService();
        }
        tracker.beginSweep();
        Walk walk = walk(root);
        if (closed) {
            return;
        }
        if (walk.startMissing) {
            enterWaiting();
            return;
        }
        if (walk.complete) {
            deletions.addAll(tracker.endSweep());
            directories = walk.directories;
            forgetWatchesOutside(walk.directories);
            incompleteRescans = 0;
        } else if (incompleteRescans++ == 0) {
            log.warn(
                    "rescan of {} could not read everything (details at debug level); deletions are not "
                            + "judged until a rescan reads it all",
                    root);
        }
        lastRescan = options.clock().instant();
        lastRescanDuration = Duration.ofNanos(System.nanoTime() - started);
        nextRescanAt = nanosNow() + options.rescanInterval().toNanos();
        rescanRequested = false;
        log.debug(
                "rescanned {} in {} ms: {} files, {} settling",
                root,
                lastRescanDuration.toMillis(),
                tracker.trackedCount(),
                tracker.pendingCount());
        reportDeletions();
        publish();
    }

    private void settleDueFiles() {
        List<Path> due = tracker.awaitingConfirmation(options.clock().instant());
        if (due.size() >= MIN_DUE_FOR_RESCAN && due.size() * 4L >= tracker.trackedCount()) {
            // After a catch-up scan most of the tree is due at once: one walk reads directory listings in
            // bulk, far cheaper than a look per file (on SMB, one round trip each).
            rescan();
            if (state != WatchStatus.State.WATCHING) {
                return;
            }
            due = tracker.awaitingConfirmation(options.clock().instant());
        }
        for (Path path : due) {
            look(path);
            if (state != WatchStatus.State.WATCHING) {
                return;
            }
        }
        reportDeletions();
        List<SettledFile> settled = tracker.drainSettled();
        if (!settled.isEmpty()) {
            try {
                listener.settledTogether(settled);
            } catch (RuntimeException e) {
                log.error(
                        "listener failed on {} settled files ({} to {})",
                        settled.size(),
                        settled.getFirst().path(),
                        settled.getLast().path(),
                        e);
            }
        }
    }

    private void handleEvents(WatchService service, WatchKey first) {
        Set<Path> touched = new TreeSet<>();
        Set<Path> overflowed = new TreeSet<>();
        WatchKey key = first;
        int batch = 0;
        while (key != null) {
            Path directory = keys.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (directory == null) {
                    continue;
                }
                if (event.kind() == OVERFLOW) {
                    overflowed.add(directory);
                } else if (event.context() instanceof Path name) {
                    touched.add(directory.resolve(name));
                }
            }
            if (!key.reset() && directory != null) {
                forgetWatch(directory);
                if (directory.equals(root)) {
                    rescanRequested = true;
                } else {
                    touched.add(directory);
                }
            }
            key = ++batch < MAX_KEYS_PER_BATCH ? service.poll() : null;
        }
        if (rescanRequested || overflowed.contains(root)) {
            log.debug("change events for {} overflowed or lost the root; rescanning", root);
            rescanRequested = true;
            return;
        }
        for (Path directory : overflowed) {
            log.debug("change events for {} overflowed; rescanning that directory", directory);
            walk(directory);
        }
        for (Path path : touched) {
            look(path);
            if (state != WatchStatus.State.WATCHING) {
                return;
            }
        }
        reportDeletions();
    }

    /** Reads the attributes of one path an event or a deadline pointed at, and records what it finds. */
    private void look(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(root)) {
                enterWaiting();
                return;
            }
            forget(path);
            return;
        } catch (IOException e) {
            log.debug("cannot read attributes of {} ({}); the next rescan looks again", path, e.toString());
            tracker.remove(path);
            return;
        }
        if (attributes.isDirectory()) {
            if (tracker.isTracked(path)) {
                forget(path);
            }
            if (Files.isSymbolicLink(path)) {
                return;
            }
            WatchKey key = watchedDirectories.get(path);
            if (key == null || !key.isValid()) {
                walk(path);
            }
        } else if (attributes.isRegularFile()) {
            if (directories.contains(path)) {
                forget(path);
            }
            observe(path, attributes);
        } else {
            forget(path);
        }
    }

    private void observe(Path file, BasicFileAttributes attributes) {
        tracker.observe(
                file,
                attributes.size(),
                attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                options.clock().instant());
    }

    /** Forgets a path that is gone: a file, or a directory with everything below it. */
    private void forget(Path path) {
        if (tracker.remove(path)) {
            deletions.add(path);
        }
        if (directories.remove(path)) {
            deletions.addAll(tracker.removeUnder(path));
            directories.removeIf(directory -> directory.startsWith(path));
            List<Path> below = new ArrayList<>();
            for (Path directory : watchedDirectories.keySet()) {
                if (directory.startsWith(path)) {
                    below.add(directory);
                }
            }
            below.forEach(this::forgetWatch);
        }
    }

    private void reportDeletions() {
        if (deletions.isEmpty()) {
            return;
        }
        Collections.sort(deletions);
        for (Path path : deletions) {
            try {
                listener.deleted(path);
            } catch (RuntimeException e) {
                log.error("listener failed on deleted file {}", path, e);
            }
        }
        deletions.clear();
    }

    // ---------------------------------------------------------------- walking and registering

    /** What one walk found. */
    private static final class Walk {
        final Set<Path> directories = new HashSet<>();
        boolean complete = true;
        boolean startMissing;
    }

    /** Walks a tree reading attributes only, registering each directory before its entries are read. */
    private Walk walk(Path start) {
        Walk walk = new Walk();
        try {
            // Links are followed so that a root reached through a link works; links to directories
            // inside the tree are not followed (no loops, no walking into whatever they point at).
            Files.walkFileTree(
                    start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (closed) {
                                return FileVisitResult.TERMINATE;
                            }
                            if (!dir.equals(start) && Files.isSymbolicLink(dir)) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            register(dir);
                            walk.directories.add(dir);
                            directories.add(dir);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile()) {
                                observe(file, attrs);
                            }
                            return closed ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            if (file.equals(start)) {
                                walk.startMissing = e instanceof NoSuchFileException;
                                walk.complete = false;
                            } else if (!(e instanceof NoSuchFileException)) {
                                log.debug("cannot read {} during a walk ({})", file, e.toString());
                                walk.complete = false;
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                            if (e != null && !(e instanceof NoSuchFileException)) {
                                log.debug("cannot list {} during a walk ({})", dir, e.toString());
                                walk.complete = false;
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            log.warn("walk of {} failed ({})", start, e.toString());
            walk.complete = false;
        }
        if (closed) {
            walk.complete = false;
        }
        return walk;
    }

    private void register(Path directory) {
        WatchService service = watchService;
        if (service == null) {
            return;
        }
        WatchKey existing = watchedDirectories.get(directory);
        if (existing != null && existing.isValid()) {
            return;
        }
        try {
            WatchKey key = directory.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            // A directory renamed inside the tree keeps its operating-system watch (same key): move it.
            Path previous = keys.put(key, directory);
            if (previous != null && !previous.equals(directory)) {
                watchedDirectories.remove(previous);
            }
            watchedDirectories.put(directory, key);
        } catch (NoSuchFileException e) {
            // Gone while we walked; its parent's event or the next rescan tells.
        } catch (IOException e) {
            if (!unwatchableWarned) {
                unwatchableWarned = true;
                log.warn(
                        "cannot watch {} for changes ({}); changes there are found by rescans every {}",
                        directory,
                        e.getMessage(),
                        options.rescanInterval());
            }
        }
    }

    private void forgetWatch(Path directory) {
        WatchKey key = watchedDirectories.remove(directory);
        if (key != null) {
            cancelUnlessMoved(key, directory);
        }
    }

    /** Cancels a key unless it now serves another path (the directory was renamed and registered anew). */
    private void cancelUnlessMoved(WatchKey key, Path directory) {
        if (directory.equals(keys.get(key))) {
            keys.remove(key);
            key.cancel();
        }
    }

    private void forgetWatchesOutside(Set<Path> seen) {
        Iterator<Map.Entry<Path, WatchKey>> it = watchedDirectories.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Path, WatchKey> entry = it.next();
            if (!seen.contains(entry.getKey())) {
                it.remove();
                cancelUnlessMoved(entry.getValue(), entry.getKey());
            }
        }
    }

    // ---------------------------------------------------------------- outage

    /** Closes the watch service and forgets its keys; the next rescan opens a new one. */
    private void dropWatchService() {
        closeWatchService();
        keys.clear();
        watchedDirectories.clear();
    }

    private void enterWaiting() {
        dropWatchService();
        boolean wasWaiting = state == WatchStatus.State.WAITING_FOR_FOLDER;
        state = WatchStatus.State.WAITING_FOR_FOLDER;
        retry = options.retryMin();
        if (!wasWaiting) {
            since = options.clock().instant();
            log.warn(
                    "folder {} is not there; looking again from every {} up to every {}",
                    root,
                    options.retryMin(),
                    options.retryMax());
            publish();
        }
    }

    private void lookForRoot() {
        LockSupport.parkNanos(this, retry.toNanos());
        if (closed) {
            return;
        }
        if (Files.isDirectory(root)) {
            log.info(
                    "folder {} is back after {}",
                    root,
                    Duration.between(since, options.clock().instant()));
            attachOrWait();
        } else {
            Duration doubled = retry.multipliedBy(2);
            retry = doubled.compareTo(options.retryMax()) > 0 ? options.retryMax() : doubled;
        }
    }

    // ---------------------------------------------------------------- status

    private void publish() {
        status = snapshot();
        try {
            listener.status(status);
        } catch (RuntimeException e) {
            log.error("listener failed on a status update for {}", root, e);
        }
    }

    private WatchStatus snapshot() {
        return snapshotWith(state);
    }

    private WatchStatus snapshotWith(WatchStatus.State current) {
        return new WatchStatus(
                root,
                current,
                since,
                Optional.ofNullable(lastRescan),
                lastRescanDuration,
                tracker.trackedCount(),
                tracker.pendingCount(),
                watchedDirectories.size(),
                options.pollingOnly() || (watchService == null && current == WatchStatus.State.WATCHING));
    }

    private long nanosNow() {
        return SettleTracker.nanos(options.clock().instant());
    }
}
