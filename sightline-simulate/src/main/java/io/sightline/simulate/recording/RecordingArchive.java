package io.sightline.simulate.recording;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An epuplayer recording opened for reading: the tar.gz is unpacked into a private work folder (only
 * {@code recording.json} and {@code chunks/<id>.bin}, under names this class chooses), events are
 * streamed from the JSON so a long session never sits in memory. Also reads legacy plain-JSON recordings
 * (format 1.0). Closing deletes the work folder.
 */
public final class RecordingArchive implements AutoCloseable {

    /** Receives events in recording order. */
    @FunctionalInterface
    public interface EventVisitor {
        void visit(int index, RecordedEvent event) throws IOException;
    }

    private final Path source;
    private final Path workDir;
    private final Path json;
    private final JsonMapper mapper = RecordingFormat.mapper();

    private RecordingArchive(Path source, Path workDir, Path json) {
        this.source = source;
        this.workDir = workDir;
        this.json = json;
    }

    /**
     * Opens and unpacks a recording.
     *
     * @throws CorruptRecordingException when the file is not a recording, is truncated or malformed
     * @throws UnsafeRecordingException when an entry is a link, escapes with {@code ..} or an absolute path,
     *     or exceeds the limits
     */
    public static RecordingArchive open(Path recording, RecordingLimits limits) throws IOException {
        if (!Files.isRegularFile(recording)) {
            throw new NoSuchFileException(recording.toString(), null, "recording not found");
        }
        Path work = Files.createTempDirectory("sightline-replay-");
        try {
            int magic = firstBytes(recording);
            if (magic == 0x1f8b) {
                Path json = unpack(recording, work, limits);
                return new RecordingArchive(recording, work, json);
            }
            if (magic >>> 8 == '{' || Character.isWhitespace(magic >>> 8)) {
                if (Files.size(recording) > limits.maxRecordingJsonBytes()) {
                    throw new UnsafeRecordingException(recording.getFileName().toString(), "larger than the limit");
                }
                return new RecordingArchive(recording, work, recording);
            }
            throw new CorruptRecordingException(
                    recording.getFileName().toString(), "not a recording (neither tar.gz nor JSON)");
        } catch (IOException | RuntimeException e) {
            deleteTree(work);
            throw e;
        }
    }

    /** The {@code metadata} object. */
    public RecordingMetadata metadata() throws IOException {
        try (JsonParser p = mapper.createParser(json.toFile())) {
            expect(p, JsonToken.START_OBJECT, "a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals("metadata")) {
                    RecordingMetadata metadata = p.readValueAs(RecordingMetadata.class);
                    if (metadata == null) {
                        throw corrupt("metadata is null", null);
                    }
                    checkVersion(metadata.version());
                    return metadata;
                }
                p.skipChildren();
            }
            throw corrupt("no metadata object", null);
        } catch (JsonProcessingException e) {
            throw corrupt("malformed JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** Streams every event to the visitor, in order. */
    public void forEachEvent(EventVisitor visitor) throws IOException {
        int index = 0;
        try (JsonParser p = mapper.createParser(json.toFile())) {
            expect(p, JsonToken.START_OBJECT, "a JSON object");
            boolean found = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("events")) {
                    p.skipChildren();
                    continue;
                }
                found = true;
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw corrupt("events is not an array", null);
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() != JsonToken.START_OBJECT) {
                        throw corrupt("event #" + index + " is not an object", null);
                    }
                    RecordedEvent event;
                    try {
                        event = p.readValueAs(RecordedEvent.class);
                    } catch (JsonProcessingException e) {
                        throw corrupt("event #" + index + " is malformed (" + e.getOriginalMessage() + ")", e);
                    }
                    if (event.eventType() == null || event.srcPath() == null) {
                        throw corrupt("event #" + index + " lacks event_type or src_path", null);
                    }
                    visitor.visit(index++, event);
                }
            }
            if (!found) {
                throw corrupt("no events array", null);
            }
        } catch (JsonProcessingException e) {
            throw corrupt("malformed JSON near event #" + index + " (" + e.getOriginalMessage() + ")", e);
        }
    }

    /** The unpacked bytes of a chunk, if the archive holds it. */
    public Optional<Path> chunk(String chunkId) {
        if (chunkId == null || !RecordingFormat.CHUNK_ID.matcher(chunkId).matches()) {
            return Optional.empty();
        }
        Path p = workDir.resolve("chunks").resolve(chunkId + RecordingFormat.CHUNK_SUFFIX);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The recording file this archive was opened from. */
    public Path source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        deleteTree(workDir);
    }

    private CorruptRecordingException corrupt(String problem, Throwable cause) {
        return new CorruptRecordingException(RecordingFormat.RECORDING_JSON, problem, cause);
    }

    private void expect(JsonParser p, JsonToken token, String what) throws IOException {
        if (p.nextToken() != token) {
            throw corrupt("expected " + what, null);
        }
    }

    private void checkVersion(String version) throws CorruptRecordingException {
        if (version == null) {
            return; // legacy 1.0
        }
        if (!(version.equals("1.0") || version.startsWith("2."))) {
            throw corrupt("unsupported format version " + version + " (this reader knows 1.0 and 2.x)", null);
        }
    }

    private static int firstBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(2);
            if (b.length < 2) {
                throw new CorruptRecordingException(file.getFileName().toString(), "file is empty or truncated");
            }
            return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        }
    }

    private static Path unpack(Path recording, Path work, RecordingLimits limits) throws IOException {
        Path chunks = Files.createDirectory(work.resolve("chunks"));
        Path json = null;
        long total = 0;
        long entries = 0;
        try (InputStream gz = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(recording)), 65536)) {
            TarInput tar = new TarInput(gz);
            TarInput.Entry entry;
            while ((entry = tar.next()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new UnsafeRecordingException(entry.name(), "more than " + limits.maxEntries() + " entries");
                }
                String name = checkEntryName(entry);
                if (entry.isDirectory()) {
                    continue;
                }
                Path destination;
                long limit;
                if (name.equals(RecordingFormat.RECORDING_JSON)) {
                    destination = work.resolve(RecordingFormat.RECORDING_JSON);
                    limit = limits.maxRecordingJsonBytes();
                    json = destination;
                } else if (name.startsWith(RecordingFormat.CHUNKS_DIR) && name.endsWith(RecordingFormat.CHUNK_SUFFIX)) {
                    String id = name.substring(
                            RecordingFormat.CHUNKS_DIR.length(), name.length() - RecordingFormat.CHUNK_SUFFIX.length());
                    if (!RecordingFormat.CHUNK_ID.matcher(id).matches()) {
                        throw new UnsafeRecordingException(name, "chunk name is not a plain file name");
                    }
                    destination = chunks.resolve(id + RecordingFormat.CHUNK_SUFFIX);
                    limit = limits.maxChunkBytes();
                } else {
                    continue; // not part of the format; never written anywhere
                }
                if (entry.size() > limit) {
                    throw new UnsafeRecordingException(
                            name, "entry of " + entry.size() + " bytes exceeds the limit of " + limit);
                }
                total += entry.size();
                if (total > limits.maxTotalBytes()) {
                    throw new UnsafeRecordingException(
                            name, "archive content exceeds " + limits.maxTotalBytes() + " bytes");
                }
                try (OutputStream out = Files.newOutputStream(destination)) {
                    entry.content().transferTo(out);
                }
            }
            // Read on to the end of the gzip member so its CRC is checked: a flipped bit must not pass
            // unnoticed. Only tar's zero padding is expected here, so the drain is bounded.
            byte[] rest = new byte[8192];
            long drained = 0;
            int n;
            while (drained < 1024 * 1024 && (n = gz.read(rest)) > 0) {
                drained += n;
            }
        } catch (java.io.EOFException e) {
            throw new CorruptRecordingException(
                    recording.getFileName().toString(), "archive is truncated (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new CorruptRecordingException(
                    recording.getFileName().toString(), "gzip data is corrupt (" + e.getMessage() + ")", e);
        }
        if (json == null) {
            throw new CorruptRecordingException(RecordingFormat.RECORDING_JSON, "missing from the archive");
        }
        return json;
    }

    private static String checkEntryName(TarInput.Entry entry) throws UnsafeRecordingException {
        String name = entry.name();
        if (entry.isLink()) {
            throw new UnsafeRecordingException(name, "links are not allowed in a recording");
        }
        if (!entry.isRegularFile() && !entry.isDirectory()) {
            throw new UnsafeRecordingException(
                    name, "entry type '" + (char) entry.type() + "' is not allowed in a recording");
        }
        if (name.isEmpty()
                || name.startsWith("/")
                || name.contains("\\")
                || name.indexOf('\0') >= 0
                || (name.length() > 1 && name.charAt(1) == ':')) {
            throw new UnsafeRecordingException(name, "absolute or malformed entry name");
        }
        String normalized = name;
        while (normalized.startsWith("./")) {
            normalized = normalized.substring(2);
        }
        if (normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        for (String segment : normalized.split("/", -1)) {
            if (segment.equals("..")) {
                throw new UnsafeRecordingException(name, "entry name escapes the archive with '..'");
            }
        }
        return normalized;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
