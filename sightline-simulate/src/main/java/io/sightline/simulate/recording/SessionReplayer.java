package io.sightline.simulate.recording;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Replays an epuplayer recording into a target folder, with the recorded timing scaled as
 * {@link ReplayOptions} says.
 *
 * <p>The recording is checked completely (paths, chunk references, sizes) before the first file is
 * written, so a broken or hostile recording fails without touching the target. Text written from
 * {@code content} is UTF-8 exactly as recorded; when the recorded hash shows the original had Windows line
 * ends that the recording tool normalised away, they are restored so the file is byte-identical.
 */
public final class SessionReplayer {

    /** The result keeps this many warnings; the listener hears every one. */
    static final int MAX_WARNINGS_KEPT = 1000;

    private final Sleeper sleeper;
    private final ReplayListener listener;

    public SessionReplayer() {
        this(Sleeper.REAL, ReplayListener.NONE);
    }

    public SessionReplayer(Sleeper sleeper, ReplayListener listener) {
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Replays {@code recording} into {@code target} (created if missing).
     *
     * @return what was done
     * @throws CorruptRecordingException the recording is truncated, malformed or refers to missing chunks
     * @throws UnsafeRecordingException the recording would write outside the target or beyond the limits
     * @throws RecordingVerificationException verification is on and some file does not match
     * @throws IOException writing the target failed
     * @throws InterruptedException the replay was interrupted while pausing; the target is left part-way
     */
    public ReplayResult replay(Path recording, Path target, ReplayOptions options)
            throws IOException, InterruptedException {
        try (RecordingArchive archive = RecordingArchive.open(recording, options.limits())) {
            RecordingMetadata metadata = archive.metadata();
            double[] timestamps = validate(archive, options.limits());
            Duration[] pauses = ReplaySchedule.pauses(timestamps, options);
            Files.createDirectories(target);
            Run run = new Run(archive, target.toRealPath(), options);
            listener.started(metadata, timestamps.length);
            archive.forEachEvent((index, event) -> {
                try {
                    sleeper.sleep(pauses[index]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("replay interrupted at event #" + index);
                }
                try {
                    run.apply(index, event);
                } catch (RecordingException e) {
                    throw e;
                } catch (IOException e) {
                    throw new IOException(where(index, event) + ": " + e, e);
                }
                listener.eventDone(index + 1, timestamps.length, event);
            });
            if (Thread.interrupted()) {
                throw new InterruptedException("replay interrupted");
            }
            ReplayResult result = run.result();
            if (!result.verificationFailures().isEmpty()) {
                throw new RecordingVerificationException(result);
            }
            return result;
        } catch (java.io.InterruptedIOException e) {
            Thread.interrupted(); // the flag is reported by the exception instead
            throw new InterruptedException(e.getMessage());
        }
    }

    /** First pass: every event must be safe and complete before anything is written. */
    private static double[] validate(RecordingArchive archive, RecordingLimits limits) throws IOException {
        double[][] timestamps = {new double[1024]};
        int[] count = {0};
        archive.forEachEvent((index, event) -> {
            String where = where(index, event);
            if (!SafePaths.isRoot(event.srcPath())) {
                SafePaths.checkSyntax(event.srcPath(), where);
            } else if (!event.isDirectory()) {
                throw new UnsafeRecordingException(
                        where, "'.' is the recorded folder itself; only a folder event may name it");
            }
            if (EventType.MOVED.wireName().equals(event.eventType())) {
                if (event.destPath() == null) {
                    throw new CorruptRecordingException(where, "moved event without dest_path");
                }
                SafePaths.checkSyntax(event.destPath(), where);
            }
            if (event.binaryChunkId() != null
                    && archive.chunk(event.binaryChunkId()).isEmpty()) {
                throw new CorruptRecordingException(
                        where, "refers to chunk '" + event.binaryChunkId() + "' which the archive does not hold");
            }
            long size = Math.max(event.size() == null ? 0 : event.size(), (long)
                    event.operationNumber("new_size").orElse(0));
            if (size > limits.maxFileBytes() || size < 0) {
                throw new UnsafeRecordingException(
                        where, "size " + size + " is beyond the limit of " + limits.maxFileBytes());
            }
            if (!Double.isFinite(event.timestamp())) {
                throw new CorruptRecordingException(where, "timestamp is not a number");
            }
            if (count[0] == timestamps[0].length) {
                timestamps[0] = Arrays.copyOf(timestamps[0], count[0] * 2);
            }
            timestamps[0][count[0]++] = event.timestamp();
        });
        return Arrays.copyOf(timestamps[0], count[0]);
    }

    private static String where(int index, RecordedEvent event) {
        return "event #" + index + " (" + event.eventType() + " " + event.srcPath() + ")";
    }

    /**
     * The state of one replay: placeholders seen so far, counters, verification failures not yet settled.
     *
     * <p>A file is judged by its last check: epuplayer's recorder reads a file some time after the event, so it
     * records some rewrites as appends of the new file's tail, which leaves the file wrong until the file's next
     * event rewrites it. A mismatch that a later event of the same file corrects is a warning; a file that does
     * not match at its last check is a failure.
     */
    private final class Run {
        private final RecordingArchive archive;
        private final Path root;
        private final ReplayOptions options;
        private final TrackedPaths<Boolean> placeholders = new TrackedPaths<>();
        private final TrackedPaths<List<ReplayResult.VerificationFailure>> unsettled = new TrackedPaths<>();
        private final List<String> warnings = new ArrayList<>();
        private int applied;
        private int skipped;
        private int verified;

        Run(RecordingArchive archive, Path root, ReplayOptions options) {
            this.archive = archive;
            this.root = root;
            this.options = options;
        }

        ReplayResult result() {
            List<ReplayResult.VerificationFailure> failures = new ArrayList<>();
            unsettled.values().forEach(failures::addAll);
            failures.sort(java.util.Comparator.comparingInt(ReplayResult.VerificationFailure::eventIndex));
            return new ReplayResult(applied, skipped, verified, failures, warnings);
        }

        void apply(int index, RecordedEvent event) throws IOException {
            String where = where(index, event);
            var type = event.type();
            if (type.isEmpty()) {
                skip(index, where + ": unknown event type, skipped");
                return;
            }
            if (SafePaths.isRoot(event.srcPath())) {
                applyToRoot(index, event, type.get());
                return;
            }
            Path path = SafePaths.resolve(root, event.srcPath(), where);
            boolean done = switch (type.get()) {
                case INITIAL_DIR, CREATED -> {
                    if (event.isDirectory()) {
                        Files.createDirectories(path);
                        yield true;
                    }
                    yield writeWhole(index, event, path, true);
                }
                case INITIAL_FILE -> writeWhole(index, event, path, true);
                case MODIFIED -> event.isDirectory() || writeWhole(index, event, path, false);
                case APPENDED -> append(index, event, path);
                case TRUNCATED -> truncate(index, event, path);
                case DELETED -> delete(index, event, path);
                case MOVED -> move(index, event, path);
            };
            if (done) {
                applied++;
            } else {
                skipped++;
            }
            if (options.verify() && event.hasVerifiableHash() && !event.isDirectory()) {
                verify(index, event, path);
            }
        }

        /** Events on the recorded folder itself: the target stands for it and is never removed or moved. */
        private void applyToRoot(int index, RecordedEvent event, EventType type) {
            switch (type) {
                case INITIAL_DIR, CREATED, MODIFIED -> applied++; // the target exists: nothing to write
                default ->
                    skip(index, where(index, event) + ": the recorded folder itself; the target is kept as it is");
            }
        }

        private void skip(int index, String message) {
            skipped++;
            warn(index, message);
        }

        private void warn(int index, String message) {
            if (warnings.size() < MAX_WARNINGS_KEPT) {
                warnings.add(message);
            }
            listener.warning(index, message);
        }

        private boolean writeWhole(int index, RecordedEvent event, Path path, boolean creation) throws IOException {
            if (!creation
                    && !Files.exists(path)
                    && event.content() == null
                    && event.binaryChunkId() == null
                    && !event.isPlaceholder()) {
                warn(index, where(index, event) + ": modified file does not exist and the event holds no content");
                return false;
            }
            Files.createDirectories(path.getParent());
            if (event.isPlaceholder()) {
                placeholders.put(event.srcPath(), true);
                zeroFilled(path, event.size() == null ? 0 : event.size());
            } else {
                placeholders.remove(event.srcPath());
                if (event.content() != null) {
                    Files.write(path, wholeText(index, event));
                } else if (event.binaryChunkId() != null) {
                    copyChunk(index, event, path);
                } else if (creation) {
                    zeroFilled(path, event.size() == null ? 0 : event.size());
                } else {
                    return false;
                }
            }
            if (creation) {
                setTimes(index, event, path);
            }
            return true;
        }

        /** The recorded text as bytes: in the line ends the hash asks for, cut to the recorded size when needed. */
        private byte[] wholeText(int index, RecordedEvent event) {
            String content = event.content();
            byte[] lf = content.getBytes(StandardCharsets.UTF_8);
            // Only text longer than the recorded size (CRLF restored or not) can have been read late.
            long longest = lf.length
                    + (hasBareLineFeeds(content)
                            ? content.chars().filter(c -> c == '\n').count()
                            : 0);
            if (event.size() != null && event.size() < longest && event.hasVerifiableHash()) {
                for (byte[] form : textForms(content)) {
                    if (event.size() < form.length
                            && Sha256.of(form, event.size()).equals(event.contentHash())) {
                        readLate(index, event, form.length);
                        return Arrays.copyOf(form, event.size().intValue());
                    }
                }
            }
            return textBytes(content, lf, event.contentHash(), null);
        }

        private void copyChunk(int index, RecordedEvent event, Path path) throws IOException {
            Path chunk = chunk(event);
            long stored = Files.size(chunk);
            if (event.size() != null
                    && event.size() < stored
                    && event.hasVerifiableHash()
                    && Sha256.ofPrefix(chunk, event.size()).equals(event.contentHash())) {
                readLate(index, event, stored);
                FileRanges.copy(chunk, 0, event.size(), path);
                return;
            }
            Files.copy(chunk, path, StandardCopyOption.REPLACE_EXISTING);
        }

        /**
         * epuplayer hashes a file, then reads it: a file still being written is stored longer than its recorded
         * size and hash say. The recorded size and hash are of the first bytes, so those are what the file held.
         */
        private void readLate(int index, RecordedEvent event, long stored) {
            warn(
                    index,
                    where(index, event) + ": the recording holds " + stored
                            + " bytes, its size and hash are of the first " + event.size()
                            + " (read while the file was still being written); wrote those");
        }

        private boolean append(int index, RecordedEvent event, Path path) throws IOException {
            if (!Files.isRegularFile(path)) {
                warn(index, where(index, event) + ": cannot append to a file that does not exist");
                return false;
            }
            long current = Files.size(path);
            if (event.filePosition() != null && event.filePosition() != current) {
                warn(
                        index,
                        where(index, event) + ": file has " + current + " bytes, recording expected "
                                + event.filePosition() + " before the append");
            }
            byte[] more;
            if (event.content() != null) {
                var existing = event.hasVerifiableHash() && !placeholders.contains(event.srcPath())
                        ? Sha256.digestOf(path)
                        : null;
                more = textBytes(event.content(), event.contentHash(), existing);
            } else if (event.binaryChunkId() != null) {
                more = null;
            } else {
                if (event.size() != null && event.size() > current) {
                    zeroFilled(path, current, event.size());
                    return true;
                }
                warn(index, where(index, event) + ": append without content");
                return false;
            }
            try (var out = Files.newOutputStream(path, StandardOpenOption.APPEND)) {
                if (more != null) {
                    out.write(more);
                } else {
                    Files.copy(chunk(event), out);
                }
            }
            return true;
        }

        private boolean truncate(int index, RecordedEvent event, Path path) throws IOException {
            if (!Files.isRegularFile(path)) {
                warn(index, where(index, event) + ": cannot truncate a file that does not exist");
                return false;
            }
            long newSize = (long) event.operationNumber("new_size").orElse(event.size() == null ? 0 : event.size());
            try (var f = new RandomAccessFile(path.toFile(), "rw")) {
                f.setLength(newSize);
            }
            return true;
        }

        private boolean delete(int index, RecordedEvent event, Path path) throws IOException {
            if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                RecordingArchive.deleteTree(path);
            } else if (SafePaths.existsNoFollow(path)) {
                Files.delete(path);
            }
            placeholders.removeAll(event.srcPath());
            for (var earlier : unsettled.removeAll(event.srcPath())) {
                settled(earlier, "event #" + index + " deleted it, as recorded");
            }
            return true;
        }

        private boolean move(int index, RecordedEvent event, Path path) throws IOException {
            Path dest = SafePaths.resolve(root, event.destPath(), where(index, event));
            if (!SafePaths.existsNoFollow(path)) {
                warn(index, where(index, event) + ": source of the move does not exist");
                return false;
            }
            Files.createDirectories(dest.getParent());
            Files.move(path, dest, StandardCopyOption.REPLACE_EXISTING);
            placeholders.move(event.srcPath(), event.destPath());
            unsettled.move(event.srcPath(), event.destPath());
            return true;
        }

        private void verify(int index, RecordedEvent event, Path path) throws IOException {
            verified++;
            String problem = mismatch(event, path);
            if (problem == null) {
                List<ReplayResult.VerificationFailure> earlier = unsettled.remove(event.srcPath());
                if (earlier != null) {
                    settled(earlier, "event #" + index + " made it match its recording again");
                }
                return;
            }
            List<ReplayResult.VerificationFailure> failures = unsettled.get(event.srcPath());
            if (failures == null) {
                failures = new ArrayList<>();
                unsettled.put(event.srcPath(), failures);
            }
            failures.add(new ReplayResult.VerificationFailure(index, event.srcPath(), problem));
        }

        /** What differs between the file and the recording after {@code event}, or {@code null}. */
        private String mismatch(RecordedEvent event, Path path) throws IOException {
            if (!Files.isRegularFile(path)) {
                return "missing after replay";
            }
            if (placeholders.contains(event.srcPath())) {
                long actual = Files.size(path);
                return event.size() == null || actual == event.size()
                        ? null
                        : "placeholder has " + actual + " bytes, expected " + event.size();
            }
            String actual = Sha256.of(path);
            return actual.equals(event.contentHash())
                    ? null
                    : "sha256 expected " + event.contentHash().substring(0, 12) + "..., got " + actual.substring(0, 12)
                            + "...";
        }

        private void settled(List<ReplayResult.VerificationFailure> failures, String how) {
            for (var f : failures) {
                warn(
                        f.eventIndex(),
                        "event #" + f.eventIndex() + " left " + f.path() + " not matching its recording (" + f.problem()
                                + "); " + how);
            }
        }

        private Path chunk(RecordedEvent event) throws CorruptRecordingException {
            return archive.chunk(event.binaryChunkId())
                    .orElseThrow(() ->
                            new CorruptRecordingException(event.binaryChunkId(), "chunk missing from the archive"));
        }

        private void zeroFilled(Path path, long size) throws IOException {
            Files.write(path, new byte[0]);
            zeroFilled(path, 0, size);
        }

        private void zeroFilled(Path path, long from, long size) throws IOException {
            if (size > options.limits().maxFileBytes()) {
                throw new UnsafeRecordingException(path.toString(), "size beyond the limit");
            }
            try (var f = new RandomAccessFile(path.toFile(), "rw")) {
                f.setLength(Math.max(from, size));
            }
        }

        private void setTimes(int index, RecordedEvent event, Path path) {
            var mtime = event.operationNumber("mtime");
            if (mtime.isEmpty()) {
                return;
            }
            double atime = event.operationNumber("atime").orElse(mtime.getAsDouble());
            try {
                Files.getFileAttributeView(path, BasicFileAttributeView.class)
                        .setTimes(fileTime(mtime.getAsDouble()), fileTime(atime), null);
            } catch (IOException e) {
                warn(index, where(index, event) + ": could not set file times (" + e.getMessage() + ")");
            }
        }
    }

    private static FileTime fileTime(double seconds) {
        return FileTime.from(Math.round(seconds * 1_000_000), TimeUnit.MICROSECONDS);
    }

    /**
     * The bytes to write for recorded text. epuplayer reads text with Python's universal newlines, so a
     * file recorded with CRLF line ends holds LF in {@code content}; its hash is still that of the CRLF
     * original. When the hash says so, the CRLF form is written instead.
     *
     * @param before digest of the file's bytes before this text (appends), or {@code null} for a whole file
     */
    static byte[] textBytes(String content, String expectedHash, java.security.MessageDigest before) {
        return textBytes(content, content.getBytes(StandardCharsets.UTF_8), expectedHash, before);
    }

    private static byte[] textBytes(
            String content, byte[] lf, String expectedHash, java.security.MessageDigest before) {
        if (!hasBareLineFeeds(content) || expectedHash == null || !expectedHash.matches("[0-9a-f]{64}")) {
            return lf;
        }
        var base = before != null ? before : Sha256.newDigest();
        if (Sha256.continued(base, lf).equals(expectedHash)) {
            return lf;
        }
        byte[] crlf = withCrlf(content);
        return Sha256.continued(base, crlf).equals(expectedHash) ? crlf : lf;
    }

    /** The bytes recorded text may have had: UTF-8 as stored, then, when it has bare line feeds, with CRLF. */
    static List<byte[]> textForms(String content) {
        byte[] lf = content.getBytes(StandardCharsets.UTF_8);
        return hasBareLineFeeds(content) ? List.of(lf, withCrlf(content)) : List.of(lf);
    }

    private static boolean hasBareLineFeeds(String content) {
        return content.indexOf('\n') >= 0 && content.indexOf('\r') < 0;
    }

    private static byte[] withCrlf(String content) {
        return content.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
