package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingSafetyTest {

    @TempDir
    Path tmp;

    private final SessionReplayer replayer = new SessionReplayer(d -> {}, ReplayListener.NONE);

    private static String json(String... events) {
        return """
        {"metadata": {"recorded_at": "2025-01-01T00:00:00.000000", "watch_dir": "/x", "total_events": %d,
                      "version": "2.0", "platform": "linux"},
         "events": [%s]}
        """.formatted(events.length, String.join(",", events));
    }

    private static String fileEvent(String type, String src, String content) {
        return """
        {"timestamp": 1.5, "event_type": "%s", "src_path": "%s", "dest_path": null, "is_directory": false,
         "content": %s, "size": 1, "content_hash": null, "binary_chunk_id": null, "operation_data": null,
         "file_position": null, "is_placeholder": false}
        """.formatted(type, src, content == null ? "null" : "\"" + content + "\"");
    }

    private Path archive(Map<String, byte[]> entries) throws Exception {
        Path rec = tmp.resolve("rec-" + System.nanoTime() + ".tar.gz");
        Trees.writeArchive(rec, entries);
        return rec;
    }

    private static Map<String, byte[]> withJson(String json) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("recording.json", json.getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @Test
    void archiveEntryWithDotDotIsRefusedAndNothingIsWrittenOutside() throws Exception {
        var entries = withJson(json(fileEvent("created", "a.txt", "a")));
        entries.put("chunks/../../evil.txt", "pwned".getBytes(StandardCharsets.UTF_8));
        Path target = tmp.resolve("deep/target");

        assertThatThrownBy(() -> replayer.replay(archive(entries), target, ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("chunks/../../evil.txt")
                .hasMessageContaining("..");
        assertThat(tmp.resolve("evil.txt")).doesNotExist();
        assertThat(tmp.resolve("deep/evil.txt")).doesNotExist();
        assertThat(target).doesNotExist();
    }

    @Test
    void absoluteArchiveEntryIsRefused() throws Exception {
        var entries = withJson(json());
        entries.put("/tmp/evil.txt", new byte[1]);
        assertThatThrownBy(() -> replayer.replay(archive(entries), tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("/tmp/evil.txt");
    }

    @Test
    void symbolicLinkEntryIsRefused() throws Exception {
        Path rec = tmp.resolve("link.tar.gz");
        try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(rec)))) {
            byte[] json = json().getBytes(StandardCharsets.UTF_8);
            var file = new TarArchiveEntry("recording.json");
            file.setSize(json.length);
            tar.putArchiveEntry(file);
            tar.write(json);
            tar.closeArchiveEntry();
            var link = new TarArchiveEntry("chunks/chunk_0.bin", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("chunks/chunk_0.bin")
                .hasMessageContaining("links");
    }

    @Test
    void eventPathEscapingTheTargetIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path rec = archive(withJson(
                json(fileEvent("created", "fine.txt", "ok"), fileEvent("created", "../outside.txt", "pwned"))));
        Path target = tmp.resolve("t");

        assertThatThrownBy(() -> replayer.replay(rec, target, ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("event #1")
                .hasMessageContaining("../outside.txt");
        assertThat(tmp.resolve("outside.txt")).doesNotExist();
        assertThat(target.resolve("fine.txt")).doesNotExist();
    }

    @Test
    void absoluteAndWindowsStyleEventPathsAreRefused() throws Exception {
        for (String bad : new String[] {"/etc/passwd", "C:/Windows/x", "a/./b", "a//b"}) {
            Path rec = archive(withJson(json(fileEvent("created", bad, "x"))));
            assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                    .as(bad)
                    .isInstanceOf(UnsafeRecordingException.class);
        }
        Path rec = archive(withJson(json(fileEvent("created", "a\\\\..\\\\..\\\\x", "x"))));
        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class);
    }

    @Test
    void writingThroughASymbolicLinkInTheTargetIsRefused() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path target = Files.createDirectories(tmp.resolve("t"));
        Files.createSymbolicLink(target.resolve("link"), outside);
        Path rec = archive(withJson(json(fileEvent("created", "link/x.txt", "pwned"))));

        assertThatThrownBy(() -> replayer.replay(rec, target, ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("symbolic link");
        assertThat(outside.resolve("x.txt")).doesNotExist();
    }

    @Test
    void truncatedArchiveGivesATypedErrorNamingTheEntry() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "big.xml", "<a>" + "z".repeat(2 * 1024 * 1024) + "</a>"); // becomes chunks/chunk_0.bin
        Trees.write(source, "small.xml", "<b/>");
        Path whole = tmp.resolve("whole.tar.gz");
        new SessionRecorder().record(source, whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.tar.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 200));

        assertThatThrownBy(() -> replayer.replay(cut, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageContaining("chunks/chunk_0.bin")
                .hasMessageContaining("truncated")
                .satisfies(
                        e -> assertThat(((CorruptRecordingException) e).entry()).isEqualTo("chunks/chunk_0.bin"));
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    @Test
    void archiveCutInsideRecordingJsonNamesRecordingJson() throws Exception {
        byte[] whole = Trees.tar(withJson(" ".repeat(5000)));
        Path rec = tmp.resolve("short.tar.gz");
        Files.write(rec, Trees.gzip(Arrays.copyOf(whole, 512 + 700))); // the header, then 700 of 5000 bytes

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageStartingWith("recording.json: ")
                .hasMessageContaining("truncated");
    }

    @Test
    void flippedBitCaughtByTheGzipChecksumNamesTheArchive() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "a.xml", "<a/>");
        Path rec = tmp.resolve("rec.tar.gz");
        new SessionRecorder().record(source, rec);
        byte[] bytes = Files.readAllBytes(rec);
        bytes[bytes.length - 6] ^= 0x01; // inside the CRC-32 of the gzip trailer
        Files.write(rec, bytes);

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageStartingWith("rec.tar.gz: ")
                .hasMessageContaining("corrupt");
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    @Test
    void garbageIsReportedAsNotARecording() throws Exception {
        Path rec = Files.writeString(tmp.resolve("x.tar.gz"), "PK this is a zip, not a recording");
        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageContaining("not a recording");

        Path notTar = tmp.resolve("y.tar.gz");
        Files.write(notTar, Trees.gzip(new byte[1024 + 5]));
        assertThatThrownBy(() -> replayer.replay(notTar, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageContaining("recording.json")
                .hasMessageContaining("missing");
    }

    @Test
    void malformedJsonNamesTheEvent() throws Exception {
        Path rec = archive(withJson(json(fileEvent("created", "a.txt", "a"), "{\"timestamp\": \"soon\"}")));
        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageContaining("recording.json")
                .hasMessageContaining("event #1");
    }

    @Test
    void eventReferringToAMissingChunkIsReportedBeforeReplay() throws Exception {
        String event = fileEvent("created", "a.bin", null)
                .replace("\"binary_chunk_id\": null", "\"binary_chunk_id\": \"chunk_7\"");
        Path rec = archive(withJson(json(event)));
        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageContaining("chunk_7");
    }

    @Test
    void sizesBeyondTheLimitsAreRefused() throws Exception {
        var entries = withJson(json());
        entries.put("chunks/chunk_0.bin", new byte[2000]);
        var small = ReplayOptions.dev().withLimits(new RecordingLimits(1_000_000, 1000, 1_000_000, 100, 1000));
        assertThatThrownBy(() -> replayer.replay(archive(entries), tmp.resolve("t"), small))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("chunks/chunk_0.bin");

        String huge = fileEvent("created", "x.jpg", null).replace("\"size\": 1", "\"size\": 5000");
        assertThatThrownBy(() -> replayer.replay(archive(withJson(json(huge))), tmp.resolve("t"), small))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("5000");
    }

    @Test
    void paxHeaderBeyondOneMebibyteIsRefusedBeforeItIsHeldInMemory() throws Exception {
        byte[] value = "a".repeat(TarInput.MAX_HEADER_BYTES + 1).getBytes(StandardCharsets.US_ASCII);
        int length = value.length + " comment=\n".length() + 7; // the 7 digits of the length itself
        byte[] record = (length + " comment=").getBytes(StandardCharsets.US_ASCII);
        var pax = new java.io.ByteArrayOutputStream();
        pax.write(record);
        pax.write(value);
        pax.write('\n');
        Path rec = tmp.resolve("pax.tar.gz");
        try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(rec)))) {
            var header = new TarArchiveEntry("PaxHeaders/recording.json", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            header.setSize(pax.size());
            tar.putArchiveEntry(header);
            pax.writeTo(tar);
            tar.closeArchiveEntry();
            var json = new TarArchiveEntry("recording.json");
            json.setSize(0);
            tar.putArchiveEntry(json);
            tar.closeArchiveEntry();
        }

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageStartingWith("PaxHeaders/recording.json: ")
                .hasMessageContaining("exceed");
    }

    @Test
    void headerWithAWrongChecksumIsReportedAsCorrupt() throws Exception {
        byte[] raw = Trees.tar(withJson(json()));
        raw[0] = 'R'; // recording.json -> Recording.json, checksum no longer matches
        Path rec = tmp.resolve("sum.tar.gz");
        Files.write(rec, Trees.gzip(raw));

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void archiveEndingInsideAHeaderIsReportedAsTruncated() throws Exception {
        var entries = withJson(json());
        entries.put("chunks/chunk_0.bin", new byte[600]);
        byte[] raw = Trees.tar(entries);
        // recording.json's header and its data, rounded up to 512-byte blocks
        int secondHeader = 512 + (entries.get("recording.json").length + 511) / 512 * 512;
        assertThat(new String(raw, secondHeader, 18, StandardCharsets.US_ASCII)).isEqualTo("chunks/chunk_0.bin");
        Path rec = tmp.resolve("cut.tar.gz");
        Files.write(rec, Trees.gzip(Arrays.copyOf(raw, secondHeader + 100)));

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(CorruptRecordingException.class)
                .hasMessageStartingWith("recording.json: ")
                .hasMessageContaining("partial tar header");
    }

    @Test
    void sparseEntryIsRefused() throws Exception {
        Path rec = tmp.resolve("sparse.tar.gz");
        try (var tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(rec)))) {
            var sparse = new TarArchiveEntry("chunks/chunk_0.bin", TarConstants.LF_GNUTYPE_SPARSE);
            tar.putArchiveEntry(sparse);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("chunks/chunk_0.bin")
                .hasMessageContaining("sparse");
    }
}
