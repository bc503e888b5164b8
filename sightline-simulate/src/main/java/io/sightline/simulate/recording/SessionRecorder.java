package io.sightline.simulate.recording;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a folder as an epuplayer recording (tar.gz, format 2.0): first the existing tree as
 * {@code initial_dir}/{@code initial_file} events, then, while running, every change.
 *
 * <p>Text files are recorded with their content (inline below 1 MiB when the bytes are UTF-8 without
 * carriage returns, which every epuplayer replays byte-exactly; otherwise as a chunk); binary files as
 * placeholders (size and hash only). A file that grew is recorded as {@code appended} only when its old
 * bytes are unchanged (checked by hash); a file emptied as {@code truncated}; any other change as
 * {@code modified} with the whole new content, so replay always ends with the recorded bytes.
 */
public final class SessionRecorder {

    private static final Logger log = LoggerFactory.getLogger(SessionRecorder.class);
    private static final DateTimeFormatter PYTHON_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private final RecorderOptions options;

    public SessionRecorder() {
        this(RecorderOptions.defaults());
    }

    public SessionRecorder(RecorderOptions options) {
        this.options = options;
    }

    /**
     * Records the tree as it is now (initial events only) and writes {@code output}.
     *
     * @throws IllegalArgumentException when {@code output} lies inside {@code dir}
     */
    public RecordingSummary record(Path dir, Path output) throws IOException {
        try (ActiveRecording recording = open(dir, output, List::of, false)) {
            return recording.stop();
        }
    }

    /**
     * Records the tree now, then keeps recording changes found by rescanning every
     * {@link RecorderOptions#pollInterval()} until {@link ActiveRecording#stop()}.
     */
    public ActiveRecording start(Path dir, Path output) throws IOException {
        return open(dir, output, null, true);
    }

    /**
     * Records the tree now, then the changes {@code changes} reports each time {@link ActiveRecording#pollNow()}
     * is called (and, if {@code background}, every poll interval). The source must have started observing
     * before this call so nothing between its start and the snapshot is lost; changes already captured by
     * the snapshot are recognised by hash and not recorded twice.
     */
    public ActiveRecording start(Path dir, Path output, ChangeSource changes, boolean background) throws IOException {
        return open(dir, output, changes, background);
    }

    private ActiveRecording open(Path dir, Path output, ChangeSource changes, boolean background) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder");
        }
        Path root = dir.toRealPath();
        if (realPathOfNew(output).startsWith(root)) {
            throw new IllegalArgumentException(
                    "the recording " + output + " must be written outside the recorded folder " + root);
        }
        ChangeSource source = changes != null ? changes : new PollingChangeSource(root);
        var state = new Session(
                root,
                new RecordingWriter(output),
                new BinaryClassifier(options.forceTextExtensions(), options.forceBinaryExtensions()));
        try {
            state.snapshot();
        } catch (IOException | RuntimeException e) {
            state.writer.close();
            source.close();
            throw e;
        }
        return new ActiveRecording(state, source, output, background ? options.pollInterval() : null);
    }

    /** A recording in progress; {@link #stop()} writes the archive. */
    public final class ActiveRecording implements AutoCloseable {
        private final Session session;
        private final ChangeSource source;
        private final Path output;
        private final Thread poller;
        private final CountDownLatch stopRequested = new CountDownLatch(1);
        private RecordingSummary summary;

        private ActiveRecording(Session session, ChangeSource source, Path output, java.time.Duration interval) {
            this.session = session;
            this.source = source;
            this.output = output;
            if (interval == null) {
                poller = null;
            } else {
                poller = Thread.ofVirtual().name("sightline-recorder").start(() -> pollLoop(interval));
            }
        }

        // Not interrupted to stop: an interrupt would close a file channel mid-read and lose that change.
        private void pollLoop(java.time.Duration interval) {
            try {
                while (!stopRequested.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                    try {
                        pollNow();
                    } catch (IOException | RuntimeException e) {
                        log.warn("recording {}: scan failed, will retry: {}", session.root, e.toString());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Reads the change source once and records what it reports. */
        public synchronized void pollNow() throws IOException {
            if (summary != null) {
                throw new IllegalStateException("recording already stopped");
            }
            applyAll(source.poll());
        }

        private void applyAll(List<PathChange> changes) throws IOException {
            for (PathChange change : changes) {
                try {
                    session.apply(change);
                } catch (NoSuchFileException e) {
                    log.debug("{} vanished before it was read", change.path());
                } catch (IOException e) {
                    // One unreadable change must not cost the others of this scan.
                    session.failed.add(change.path() + ": " + e.getMessage());
                    log.warn("recording {}: could not record {}: {}", session.root, change, e.toString());
                }
            }
        }

        /** Events recorded so far. */
        public synchronized long eventCount() {
            return session.writer.eventCount();
        }

        /** Takes a last look for changes, writes the archive, and returns what it holds. Idempotent. */
        public RecordingSummary stop() throws IOException {
            stopRequested.countDown();
            if (poller != null) {
                try {
                    poller.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (this) {
                if (summary != null) {
                    return summary;
                }
                try {
                    applyAll(source.poll());
                    Instant now = options.clock().instant();
                    var metadata = new RecordingMetadata(
                            LocalDateTime.ofInstant(now, ZoneId.systemDefault()).format(PYTHON_ISO),
                            session.root.toString(),
                            session.writer.eventCount(),
                            RecordingFormat.VERSION,
                            platform());
                    session.writer.finish(output, metadata, now);
                    summary = new RecordingSummary(
                            output,
                            (int) session.writer.eventCount(),
                            (int) session.writer.chunkCount(),
                            session.placeholders,
                            session.unreadable,
                            session.failed);
                    log.info("recorded {} events from {} into {}", summary.events(), session.root, output);
                    return summary;
                } finally {
                    source.close();
                    session.writer.close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            stop();
        }
    }

    /** What the recording last said a file is. */
    private sealed interface FileState {
        long size();

        /** Recorded with its bytes: a change is a new hash; growth behind unchanged bytes is an append. */
        record Content(long size, String hash) implements FileState {}

        /** Recorded as a placeholder, never read: a change is a new size or modification time. */
        record Placeholder(long size, FileTime modified) implements FileState {}
    }

    /** The recorder's view of the tree and the events it has written. */
    private final class Session {
        final Path root;
        final RecordingWriter writer;
        final BinaryClassifier classifier;
        final Map<String, FileState> files = new HashMap<>();
        final List<String> unreadable = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        final java.util.Set<String> dirs = new java.util.HashSet<>();
        final ZeroHashes zeroHashes = new ZeroHashes();
        int placeholders;

        Session(Path root, RecordingWriter writer, BinaryClassifier classifier) {
            this.root = root;
            this.writer = writer;
            this.classifier = classifier;
        }

        /** Top-down, each folder's files (by name) before its subfolders (by name), as {@code os.walk} goes. */
        void snapshot() throws IOException {
            walk(root);
        }

        private void walk(Path dir) throws IOException {
            if (!dir.equals(root)) {
                dirs.add(rel(dir));
                event(EventType.INITIAL_DIR, rel(dir), null, true, null, null, null, null, null, null, false);
            }
            List<Path> children;
            try (Stream<Path> list = Files.list(dir)) {
                children = list.sorted().toList();
            } catch (NoSuchFileException e) {
                return;
            } catch (AccessDeniedException e) {
                failed.add(rel(dir) + ": folder not readable");
                log.warn("cannot list {}: its content is not recorded", dir);
                return;
            }
            List<Path> subdirs = new ArrayList<>();
            for (Path child : children) {
                if (Files.isSymbolicLink(child)) {
                    log.debug("not recording symbolic link {}", child);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    subdirs.add(child);
                } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                    recordWhole(child, rel(child), EventType.INITIAL_FILE);
                }
            }
            for (Path sub : subdirs) {
                walk(sub);
            }
        }

        void apply(PathChange change) throws IOException {
            switch (change) {
                case PathChange.Created c
                when c.isDirectory() -> {
                    if (dirs.add(c.path())) { // already in the snapshot when it raced the first scan
                        event(EventType.CREATED, c.path(), null, true, null, null, null, null, null, null, false);
                    }
                }
                case PathChange.Created c -> changed(c.path(), true);
                case PathChange.Modified m -> changed(m.path(), false);
                case PathChange.Deleted d -> {
                    forget(d.path(), d.isDirectory());
                    event(
                            EventType.DELETED,
                            d.path(),
                            null,
                            d.isDirectory(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            false);
                }
                case PathChange.Moved m -> {
                    rekey(m.path(), m.destination(), m.isDirectory());
                    event(
                            EventType.MOVED,
                            m.path(),
                            m.destination(),
                            m.isDirectory(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            false);
                    if (!m.isDirectory()) {
                        changed(m.destination(), false);
                    }
                }
            }
        }

        private void changed(String relPath, boolean created) throws IOException {
            Path file = resolve(relPath);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return; // gone again, or not a plain file: the next scan reports what it became
            }
            FileState before = files.get(relPath);
            if (before == null) {
                recordWhole(file, relPath, EventType.CREATED);
                return;
            }
            if (isPlaceholder(file)) {
                placeholderChanged(file, relPath, before);
                return;
            }
            FileRead read;
            try {
                read = FileRead.of(file, before.size(), writer);
            } catch (NoSuchFileException e) {
                return;
            } catch (AccessDeniedException e) {
                unreadable(file, relPath, created ? EventType.CREATED : EventType.MODIFIED);
                return;
            }
            if (before instanceof FileState.Content c && read.hash.equals(c.hash())) {
                read.discard();
                return;
            }
            files.put(relPath, new FileState.Content(read.size, read.hash));
            if (before instanceof FileState.Content c
                    && read.size > c.size()
                    && c.hash().equals(read.prefixHash)) {
                appended(relPath, read, before.size());
            } else if (read.size == 0) {
                event(
                        EventType.TRUNCATED,
                        relPath,
                        null,
                        false,
                        null,
                        0L,
                        read.hash,
                        null,
                        ordered("new_size", 0L),
                        null,
                        false);
            } else {
                withContent(EventType.MODIFIED, relPath, read, null);
            }
        }

        private void appended(String relPath, FileRead read, long oldSize) throws IOException {
            String text = null;
            String chunk = null;
            if (read.bytes != null) {
                byte[] tail = java.util.Arrays.copyOfRange(read.bytes, (int) oldSize, read.bytes.length);
                text = inlineText(tail);
                if (text == null) {
                    chunk = writer.chunk(tail, 0, tail.length);
                }
            } else {
                chunk = writer.chunk(read.spooled, oldSize);
            }
            event(
                    EventType.APPENDED,
                    relPath,
                    null,
                    false,
                    text,
                    read.size,
                    read.hash,
                    chunk,
                    ordered("append_size", read.size - oldSize),
                    oldSize,
                    false);
        }

        private void recordWhole(Path file, String relPath, EventType type) throws IOException {
            BasicFileAttributes attrs = attributes(file);
            if (attrs == null) {
                return;
            }
            Map<String, Object> times = type == EventType.INITIAL_FILE
                    ? ordered(
                            "mtime",
                            seconds(attrs.lastModifiedTime().toInstant()),
                            "atime",
                            seconds(attrs.lastAccessTime().toInstant()))
                    : null;
            if (isPlaceholder(file)) {
                files.put(relPath, new FileState.Placeholder(attrs.size(), attrs.lastModifiedTime()));
                placeholder(type, relPath, attrs.size(), times);
                return;
            }
            FileRead read;
            try {
                read = FileRead.of(file, -1, writer);
            } catch (NoSuchFileException e) {
                return;
            } catch (AccessDeniedException e) {
                unreadable(file, relPath, type);
                return;
            }
            files.put(relPath, new FileState.Content(read.size, read.hash));
            withContent(type, relPath, read, times);
        }

        private boolean isPlaceholder(Path file) {
            return options.skipBinaryContent() && classifier.isBinary(file);
        }

        private void placeholderChanged(Path file, String relPath, FileState before) throws IOException {
            BasicFileAttributes attrs = attributes(file);
            if (attrs == null) {
                return;
            }
            var now = new FileState.Placeholder(attrs.size(), attrs.lastModifiedTime());
            if (now.equals(before)) {
                return;
            }
            files.put(relPath, now);
            placeholder(EventType.MODIFIED, relPath, attrs.size(), null);
        }

        /** A binary file without its bytes: replayed as {@code size} zeros, hashed as what replay writes. */
        private void placeholder(EventType type, String relPath, long size, Map<String, Object> times)
                throws IOException {
            placeholders++;
            event(type, relPath, null, false, null, size, zeroHashes.of(size), null, times, null, true);
        }

        private void withContent(EventType type, String relPath, FileRead read, Map<String, Object> operationData)
                throws IOException {
            String text = null;
            String chunk;
            if (read.bytes != null) {
                text = inlineText(read.bytes);
                chunk = text == null ? writer.chunk(read.bytes, 0, read.bytes.length) : null;
            } else {
                chunk = writer.chunk(read.spooled, 0);
            }
            event(type, relPath, null, false, text, read.size, read.hash, chunk, operationData, null, false);
        }

        /** The text to store inline, or {@code null} when the bytes must go to a chunk to replay exactly. */
        private String inlineText(byte[] bytes) {
            for (byte b : bytes) {
                if (b == '\r') {
                    return null; // Python's text mode would rewrite line ends
                }
            }
            try {
                return BinaryClassifier.decodeUtf8(bytes);
            } catch (CharacterCodingException e) {
                return null;
            }
        }

        private void unreadable(Path file, String relPath, EventType type) throws IOException {
            unreadable.add(relPath);
            long size = Files.size(file);
            double mtime = seconds(Files.getLastModifiedTime(file).toInstant());
            files.put(relPath, new FileState.Content(size, "unreadable"));
            log.warn("cannot read {}: recorded without content", file);
            event(type, relPath, null, false, null, size, "unreadable_" + size + "_" + mtime, null, null, null, false);
        }

        private void forget(String relPath, boolean dir) {
            files.remove(relPath);
            if (dir) {
                String prefix = relPath + "/";
                files.keySet().removeIf(k -> k.startsWith(prefix));
                dirs.remove(relPath);
                dirs.removeIf(k -> k.startsWith(prefix));
            }
        }

        private void rekey(String from, String to, boolean dir) {
            FileState s = files.remove(from);
            if (s != null) {
                files.put(to, s);
            }
            if (dir) {
                String prefix = from + "/";
                dirs.remove(from);
                dirs.add(to);
                List<String> movedDirs =
                        dirs.stream().filter(k -> k.startsWith(prefix)).toList();
                movedDirs.forEach(k -> {
                    dirs.remove(k);
                    dirs.add(to + "/" + k.substring(prefix.length()));
                });
                Map<String, FileState> moved = new HashMap<>();
                for (var it = files.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getKey().startsWith(prefix)) {
                        moved.put(to + "/" + e.getKey().substring(prefix.length()), e.getValue());
                        it.remove();
                    }
                }
                files.putAll(moved);
            }
        }

        private void event(
                EventType type,
                String src,
                String dest,
                boolean isDirectory,
                String content,
                Long size,
                String hash,
                String chunk,
                Map<String, Object> operationData,
                Long filePosition,
                boolean placeholder)
                throws IOException {
            writer.add(new RecordedEvent(
                    seconds(options.clock().instant()),
                    type.wireName(),
                    src,
                    dest,
                    isDirectory,
                    content,
                    size,
                    hash,
                    chunk,
                    operationData,
                    filePosition,
                    placeholder));
        }

        private Path resolve(String relPath) {
            Path p = root;
            for (String segment : relPath.split("/")) {
                p = p.resolve(segment);
            }
            return p;
        }

        private String rel(Path p) {
            return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        }
    }

    /** The file's attributes, or {@code null} when it is gone: the next scan reports what became of it. */
    private static BasicFileAttributes attributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The real path {@code p} will have: its nearest existing ancestor resolved, the rest appended. */
    private static Path realPathOfNew(Path p) throws IOException {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? abs : existing.toRealPath().resolve(existing.relativize(abs));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** Seconds since the epoch with microsecond precision, as Python's {@code time.time()}. */
    static double seconds(Instant t) {
        return t.getEpochSecond() + (t.getNano() / 1000) / 1e6;
    }

    /** Python's {@code sys.platform} for this machine. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return "win32";
        }
        if (os.startsWith("mac")) {
            return "darwin";
        }
        return os.startsWith("linux") ? "linux" : os.replace(" ", "");
    }
}
