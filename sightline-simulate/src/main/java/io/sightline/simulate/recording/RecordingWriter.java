package io.sightline.simulate.recording;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Collects events and chunks in a private spool folder while recording (so a long session is never held in
 * memory), then packs {@code recording.json} and {@code chunks/} into the tar.gz.
 */
final class RecordingWriter implements AutoCloseable {

    private final JsonMapper mapper = RecordingFormat.mapper();
    private final Path spool;
    private final Path chunks;
    private final Path eventsFile;
    private final BufferedWriter events;
    private long eventCount;
    private long chunkCount;

    /** @param near the spool goes beside this path (the output), on the disk the user chose for it */
    RecordingWriter(Path near) throws IOException {
        Path parent = near.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        spool = Files.createTempDirectory(parent, ".sightline-record-");
        chunks = Files.createDirectory(spool.resolve("chunks"));
        eventsFile = spool.resolve("events.ndjson");
        events = Files.newBufferedWriter(eventsFile, StandardCharsets.UTF_8);
    }

    void add(RecordedEvent event) throws IOException {
        events.write(mapper.writeValueAsString(event));
        events.write('\n');
        eventCount++;
    }

    long eventCount() {
        return eventCount;
    }

    long chunkCount() {
        return chunkCount;
    }

    String chunk(byte[] bytes, int offset, int length) throws IOException {
        String id = RecordingFormat.chunkId(chunkCount++);
        try (OutputStream out = Files.newOutputStream(chunks.resolve(id + RecordingFormat.CHUNK_SUFFIX))) {
            out.write(bytes, offset, length);
        }
        return id;
    }

    /** Takes over {@code file} (a spool of this writer's) as the next chunk, from {@code from} to its end. */
    String chunk(Path file, long from) throws IOException {
        String id = RecordingFormat.chunkId(chunkCount++);
        Path target = chunks.resolve(id + RecordingFormat.CHUNK_SUFFIX);
        if (from == 0) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
            FileRanges.copy(file, from, Files.size(file), target);
            Files.delete(file);
        }
        return id;
    }

    /** A scratch file in the spool, for content too large to hold in memory. */
    Path scratch() throws IOException {
        return Files.createTempFile(spool, "read-", ".tmp");
    }

    /** Writes the archive: {@code recording.json} first, then the chunks in the order they were made. */
    void finish(Path output, RecordingMetadata metadata, Instant now) throws IOException {
        events.close();
        Path json = spool.resolve(RecordingFormat.RECORDING_JSON);
        try (var gen = mapper.getFactory().createGenerator(Files.newOutputStream(json))) {
            gen.setPrettyPrinter(RecordingFormat.prettyPrinter());
            gen.writeStartObject();
            gen.writeFieldName("metadata");
            mapper.writeValue(gen, metadata);
            gen.writeFieldName("events");
            gen.writeStartArray();
            try (var lines = Files.lines(eventsFile, StandardCharsets.UTF_8)) {
                for (var it = lines.iterator(); it.hasNext(); ) {
                    mapper.writeValue(gen, mapper.readValue(it.next(), RecordedEvent.class));
                }
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        Path partial = output.resolveSibling(output.getFileName() + ".partial");
        long mtime = now.getEpochSecond();
        try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(partial), 65536))) {
            // POSIX (pax) for what ustar cannot hold, as Python's tarfile writes it; every name here is short.
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            addFile(tar, RecordingFormat.RECORDING_JSON, json, mtime);
            for (long i = 0; i < chunkCount; i++) {
                String id = RecordingFormat.chunkId(i);
                addFile(
                        tar,
                        RecordingFormat.chunkEntryName(id),
                        chunks.resolve(id + RecordingFormat.CHUNK_SUFFIX),
                        mtime);
            }
            tar.finish();
        }
        try {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void addFile(TarArchiveOutputStream tar, String name, Path file, long mtimeSeconds)
            throws IOException {
        var entry = new TarArchiveEntry(name);
        entry.setSize(Files.size(file));
        entry.setModTime(FileTime.from(mtimeSeconds, TimeUnit.SECONDS));
        // No owner: a recording should not carry the name of whoever made it.
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        try (var in = Files.newInputStream(file)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        events.close();
        RecordingArchive.deleteTree(spool);
    }
}
