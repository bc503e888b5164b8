package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test helpers: write files, compare trees, look inside archives. */
final class Trees {

    private Trees() {}

    static Path write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    static Path writeBytes(Path root, String rel, byte[] bytes) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.write(p, bytes);
    }

    /** Relative path → "dir", or the file's bytes as text, or its size for binaries. */
    static Map<String, Object> describe(Path root, boolean binariesBySize) throws IOException {
        Map<String, Object> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir");
                } else if (binariesBySize && (rel.endsWith(".jpg") || rel.endsWith(".mrc"))) {
                    out.put(rel, "size=" + Files.size(p));
                } else {
                    out.put(rel, Sha256.of(p) + " " + Files.size(p));
                }
            }
        }
        return out;
    }

    /** Entry name → bytes of a tar.gz, read with our reader. */
    static Map<String, byte[]> entries(Path tarGz) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz))) {
            TarInput tar = new TarInput(in);
            TarInput.Entry e;
            while ((e = tar.next()) != null) {
                out.put(e.name(), e.content().readAllBytes());
            }
        }
        return out;
    }

    static JsonNode recordingJson(Path tarGz) throws IOException {
        return RecordingFormat.mapper().readTree(entries(tarGz).get("recording.json"));
    }

    /** Writes a tar.gz with the given regular-file entries, in order, names exactly as given. */
    static void writeArchive(Path tarGz, Map<String, byte[]> entries) throws IOException {
        Files.write(tarGz, gzip(tar(entries)));
    }

    /** A tar stream (not compressed) of the given regular-file entries; names are kept as given, even absolute. */
    static byte[] tar(Map<String, byte[]> entries) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries.entrySet()) {
                var entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                entry.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertThat(describe(actual, true)).isEqualTo(describe(expected, true));
    }
}
