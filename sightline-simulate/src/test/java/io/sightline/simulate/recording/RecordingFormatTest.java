package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive must be what epuplayer (DiamondLightSource/smartem-devtools, packages/smartem-epuplayer)
 * writes and reads: field names, order and values from its {@code EPUEvent} dataclass and
 * {@code _create_archive}.
 */
class RecordingFormatTest {

    @TempDir
    Path tmp;

    private static final List<String> EVENT_FIELDS = List.of(
            "timestamp",
            "event_type",
            "src_path",
            "dest_path",
            "is_directory",
            "content",
            "size",
            "content_hash",
            "binary_chunk_id",
            "operation_data",
            "file_position",
            "is_placeholder");

    @Test
    void archiveHoldsRecordingJsonFirstThenNumberedChunks() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "big.xml", "<a>" + "y".repeat(1024 * 1024) + "</a>");
        Trees.writeBytes(source, "odd.txt", new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
        Path out = tmp.resolve("r.tar.gz");
        new SessionRecorder().record(source, out);

        Map<String, byte[]> entries = Trees.entries(out);
        assertThat(entries.keySet()).containsExactly("recording.json", "chunks/chunk_0.bin", "chunks/chunk_1.bin");
        JsonNode events = Trees.recordingJson(out).get("events");
        assertThat(events.get(0).get("src_path").asText()).isEqualTo("big.xml");
        assertThat(events.get(0).get("binary_chunk_id").asText()).isEqualTo("chunk_0");
        assertThat(events.get(0).get("content").isNull()).isTrue();
        assertThat(entries.get("chunks/chunk_0.bin")).isEqualTo(Files.readAllBytes(source.resolve("big.xml")));
        assertThat(events.get(1).get("binary_chunk_id").asText()).isEqualTo("chunk_1");
    }

    @Test
    void recordingJsonHasEpuplayerFieldsAndValues() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Path xml = Trees.write(source, "Images-Disc1/GridSquare_1.xml", "<GridSquare/>\n");
        Trees.writeBytes(source, "Images-Disc1/GridSquare_1.jpg", RoundTripTest.jpeg(777));
        Path out = tmp.resolve("r.tar.gz");
        var changes = new PollingChangeSource(source);
        try (var recording = new SessionRecorder(RecorderOptions.defaults().withPollInterval(Duration.ofHours(1)))
                .start(source, out, changes, false)) {
            Files.writeString(xml, "<more/>\n", StandardOpenOption.APPEND);
            recording.pollNow();
            Files.write(xml, new byte[0]);
            recording.pollNow();
            Files.move(xml, xml.resolveSibling("renamed.xml"));
            recording.pollNow();
        }

        JsonNode root = Trees.recordingJson(out);
        assertThat(fieldNames(root)).containsExactly("metadata", "events");
        JsonNode metadata = root.get("metadata");
        assertThat(fieldNames(metadata))
                .containsExactly("recorded_at", "watch_dir", "total_events", "version", "platform");
        assertThat(metadata.get("version").asText()).isEqualTo("2.0");
        assertThat(metadata.get("watch_dir").asText())
                .isEqualTo(source.toRealPath().toString());
        assertThat(metadata.get("recorded_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        assertThat(metadata.get("platform").asText()).isIn("linux", "win32", "darwin");
        JsonNode events = root.get("events");
        assertThat(metadata.get("total_events").asInt()).isEqualTo(events.size());
        for (JsonNode e : events) {
            assertThat(fieldNames(e)).containsExactlyElementsOf(EVENT_FIELDS);
            assertThat(e.get("timestamp").isFloatingPointNumber()).isTrue();
        }

        JsonNode dir = find(events, "initial_dir", "Images-Disc1");
        assertThat(dir.get("is_directory").asBoolean()).isTrue();

        JsonNode jpg = find(events, "initial_file", "Images-Disc1/GridSquare_1.jpg");
        assertThat(jpg.get("is_placeholder").asBoolean()).isTrue();
        assertThat(jpg.get("size").asLong()).isEqualTo(777);
        assertThat(jpg.get("content").isNull()).isTrue();
        assertThat(jpg.get("binary_chunk_id").isNull()).isTrue();
        assertThat(jpg.get("content_hash").asText())
                .as("the hash of what every replayer writes for a placeholder: 777 zero bytes")
                .isEqualTo(Sha256.of(new byte[777]));

        JsonNode initial = find(events, "initial_file", "Images-Disc1/GridSquare_1.xml");
        assertThat(initial.get("content").asText()).isEqualTo("<GridSquare/>\n");
        assertThat(initial.get("content_hash").asText())
                .isEqualTo(Sha256.of("<GridSquare/>\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(fieldNames(initial.get("operation_data"))).containsExactly("mtime", "atime");
        assertThat(initial.get("operation_data").get("mtime").isFloatingPointNumber())
                .isTrue();

        JsonNode appended = find(events, "appended", "Images-Disc1/GridSquare_1.xml");
        assertThat(appended.get("content").asText()).isEqualTo("<more/>\n");
        assertThat(appended.get("file_position").asLong()).isEqualTo(14);
        assertThat(appended.get("size").asLong()).isEqualTo(22);
        assertThat(appended.get("operation_data").get("append_size").asLong()).isEqualTo(8);
        assertThat(appended.get("content_hash").asText())
                .isEqualTo(Sha256.of("<GridSquare/>\n<more/>\n".getBytes(StandardCharsets.UTF_8)));

        JsonNode truncated = find(events, "truncated", "Images-Disc1/GridSquare_1.xml");
        assertThat(truncated.get("operation_data").get("new_size").asLong()).isZero();
        assertThat(truncated.get("size").asLong()).isZero();

        JsonNode moved = find(events, "moved", "Images-Disc1/GridSquare_1.xml");
        assertThat(moved.get("dest_path").asText()).isEqualTo("Images-Disc1/renamed.xml");
        assertThat(moved.get("content_hash").isNull()).isTrue();
    }

    @Test
    void nonAsciiIsEscapedAsPythonJsonDumpsDoes() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "µ.txt", "5 µm");
        Path out = tmp.resolve("r.tar.gz");
        new SessionRecorder().record(source, out);

        String json = new String(Trees.entries(out).get("recording.json"), StandardCharsets.UTF_8);
        assertThat(json).contains("\"src_path\": \"\\u00B5.txt\"").contains("\"content\": \"5 \\u00B5m\"");
        assertThat(json.chars().allMatch(c -> c < 128)).isTrue();
    }

    @Test
    void readsAnArchiveAsPythonsTarfileWritesItWithPaxHeaders() throws Exception {
        byte[] crlf = "<a>\r\n</a>\r\n".getBytes(StandardCharsets.UTF_8);
        String json = """
        {
          "metadata": {"recorded_at": "2025-03-01T10:00:00.000001", "watch_dir": "C:\\\\EPU\\\\s",
                       "total_events": 2, "version": "2.0", "platform": "win32"},
          "events": [
            {"timestamp": 1740823200.5, "event_type": "initial_dir", "src_path": "Images-Disc1",
             "dest_path": null, "is_directory": true, "content": null, "size": null, "content_hash": null,
             "binary_chunk_id": null, "operation_data": null, "file_position": null, "is_placeholder": false},
            {"timestamp": 1740823201.25, "event_type": "initial_file", "src_path": "Images-Disc1/a.xml",
             "dest_path": null, "is_directory": false, "content": "<a>\\n</a>\\n", "size": 11,
             "content_hash": "%s", "binary_chunk_id": null,
             "operation_data": {"mtime": 1740000000.5, "atime": 1740000001.0}, "file_position": null,
             "is_placeholder": false}
          ]
        }
        """.formatted(Sha256.of(crlf));
        Path rec = tmp.resolve("py.tar.gz");
        try (var tar = new TarArchiveOutputStream(new java.util.zip.GZIPOutputStream(Files.newOutputStream(rec)))) {
            // What tarfile writes before each member: a pax header carrying the float st_mtime.
            byte[] pax = "30 mtime=1740823202.123456789\n".getBytes(StandardCharsets.UTF_8);
            var header = new TarArchiveEntry("././@PaxHeader", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
            header.setSize(pax.length);
            tar.putArchiveEntry(header);
            tar.write(pax);
            tar.closeArchiveEntry();
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            var entry = new TarArchiveEntry("recording.json");
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        assertThat(new String(
                        new java.util.zip.GZIPInputStream(Files.newInputStream(rec)).readAllBytes(),
                        StandardCharsets.ISO_8859_1))
                .as("the archive has a pax header before recording.json")
                .contains("mtime=1740823202.123456789");

        Path target = tmp.resolve("t");
        var result = new SessionReplayer(d -> {}, ReplayListener.NONE).replay(rec, target, ReplayOptions.dev());

        assertThat(Files.readAllBytes(target.resolve("Images-Disc1/a.xml"))).isEqualTo(crlf);
        assertThat(Files.getLastModifiedTime(target.resolve("Images-Disc1/a.xml"))
                        .toMillis())
                .isEqualTo(1740000000500L);
        assertThat(result.eventsApplied()).isEqualTo(2);
        assertThat(result.verificationFailures()).isEmpty();
    }

    @Test
    void replaysALegacyPlainJsonRecording() throws Exception {
        String legacy = """
        {"metadata": {"recorded_at": "2024-01-01T00:00:00", "watch_dir": "/x", "total_events": 2},
         "events": [
          {"timestamp": 1.0, "event_type": "created", "src_path": "d", "is_directory": true},
          {"timestamp": 2.0, "event_type": "created", "src_path": "d/a.txt", "content": "hi", "size": 2}]}
        """;
        Path rec = Files.writeString(tmp.resolve("old.json"), legacy);
        var result =
                new SessionReplayer(d -> {}, ReplayListener.NONE).replay(rec, tmp.resolve("t"), ReplayOptions.dev());
        assertThat(Files.readString(tmp.resolve("t/d/a.txt"))).isEqualTo("hi");
        assertThat(result.eventsApplied()).isEqualTo(2);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode find(JsonNode events, String type, String src) {
        for (JsonNode e : events) {
            if (e.get("event_type").asText().equals(type)
                    && e.get("src_path").asText().equals(src)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " event for " + src + " in " + events);
    }
}
