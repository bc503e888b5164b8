package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {

    @TempDir
    Path tmp;

    private static final String SQUARE =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<GridSquare id=\"1234\">\n  <Position x=\"1.5\" y=\"-2\"/>\n";

    @Test
    void liveRecordingReplaysInDevModeToAnIdenticalTree() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("session"));
        Trees.write(source, "EpuSession.dm", "<EpuSessionXml>Grid1 — µm</EpuSessionXml>\n");
        Trees.write(source, "Images-Disc1/GridSquare_1234/GridSquare_1234.xml", SQUARE);
        Trees.write(source, "Images-Disc1/GridSquare_1234/Data/FoilHole_1.xml", "<FoilHole id=\"1\"/>\n");
        Trees.writeBytes(source, "Images-Disc1/GridSquare_1234/GridSquare_1234.jpg", jpeg(5000));
        Trees.write(source, "Metadata/Windows.dm", "line one\r\nline two\r\n");
        Trees.write(source, "Metadata/Large.xml", "<a>" + "x".repeat(1_200_000) + "</a>\n");

        Path out = tmp.resolve("rec.tar.gz");
        var clock = new StepClock();
        var recorder =
                new SessionRecorder(RecorderOptions.defaults().withClock(clock).withPollInterval(Duration.ofHours(1)));
        var changes = new PollingChangeSource(source);
        try (var recording = recorder.start(source, out, changes, false)) {
            Path square = source.resolve("Images-Disc1/GridSquare_1234/GridSquare_1234.xml");
            Files.writeString(square, "  <Stage a=\"1\"/>\n</GridSquare>\n", StandardOpenOption.APPEND);
            recording.pollNow();

            Path hole = source.resolve("Images-Disc1/GridSquare_1234/Data/FoilHole_1.xml");
            Files.writeString(hole, "<FoilHole id=\"2\"/>\n");
            Files.setLastModifiedTime(hole, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
            recording.pollNow();

            Path session = source.resolve("EpuSession.dm");
            Files.writeString(session, "<EpuSessionXml>shorter</EpuSessionXml>\n");
            recording.pollNow();

            Files.move(hole, hole.resolveSibling("FoilHole_1_moved.xml"));
            recording.pollNow();

            Files.delete(source.resolve("Metadata/Windows.dm"));
            Trees.write(source, "Images-Disc1/GridSquare_5678/GridSquare_5678.xml", "<GridSquare id=\"5678\"/>\n");
            Trees.writeBytes(source, "Images-Disc1/GridSquare_5678/Data/FoilHole_9_Data_1.mrc", new byte[4096]);
            recording.pollNow();

            Files.write(source.resolve("Images-Disc1/GridSquare_5678/GridSquare_5678.xml"), new byte[0]);
            recording.pollNow();

            Files.writeString(source.resolve("Metadata/Large.xml"), "more\n", StandardOpenOption.APPEND);
            recording.pollNow();
            var summary = recording.stop();
            assertThat(summary.placeholders()).isEqualTo(2);
        }

        List<String> types = new ArrayList<>();
        Trees.recordingJson(out)
                .get("events")
                .forEach(e -> types.add(e.get("event_type").asText()));
        assertThat(types)
                .contains(
                        "initial_dir",
                        "initial_file",
                        "appended",
                        "modified",
                        "moved",
                        "deleted",
                        "created",
                        "truncated");

        Path target = tmp.resolve("replayed");
        List<Integer> progress = new ArrayList<>();
        ReplayListener listener = new ReplayListener() {
            @Override
            public void eventDone(int done, int total, RecordedEvent event) {
                progress.add(done);
                assertThat(total).isEqualTo(types.size());
            }
        };
        ReplayResult result = new SessionReplayer(d -> {}, listener).replay(out, target, ReplayOptions.dev());

        Trees.assertSameTree(source, target);
        assertThat(Files.readAllBytes(target.resolve("Metadata/Large.xml")))
                .isEqualTo(Files.readAllBytes(source.resolve("Metadata/Large.xml")));
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.filesVerified()).isGreaterThan(5);
        assertThat(progress).hasSize(types.size()).last().isEqualTo(types.size());
    }

    @Test
    void appendAfterARewriteOfTheOldBytesIsRecordedAsAModificationNotAnAppend() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Path file = Trees.write(source, "a.xml", "<a>one</a>\n");
        Path out = tmp.resolve("r.tar.gz");
        var changes = new PollingChangeSource(source);
        try (var recording = new SessionRecorder().start(source, out, changes, false)) {
            Files.writeString(file, "<b>two</b>\nand more\n");
            recording.pollNow();
        }
        JsonNode last = lastEvent(out);
        assertThat(last.get("event_type").asText()).isEqualTo("modified");
        assertThat(last.get("content").asText()).isEqualTo("<b>two</b>\nand more\n");

        Path target = tmp.resolve("t");
        new SessionReplayer(d -> {}, ReplayListener.NONE).replay(out, target, ReplayOptions.dev());
        assertThat(Files.readString(target.resolve("a.xml"))).isEqualTo("<b>two</b>\nand more\n");
    }

    @Test
    void snapshotRecordingListsFoldersBeforeTheirFilesInNameOrder() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "b/z.xml", "<z/>");
        Trees.write(source, "b/a.xml", "<a/>");
        Trees.write(source, "a.txt", "top");
        Trees.write(source, "a/c/d.txt", "deep");
        Path out = tmp.resolve("r.tar.gz");
        new SessionRecorder().record(source, out);

        List<String> order = new ArrayList<>();
        Trees.recordingJson(out)
                .get("events")
                .forEach(e -> order.add(
                        e.get("event_type").asText() + " " + e.get("src_path").asText()));
        assertThat(order)
                .containsExactly(
                        "initial_file a.txt",
                        "initial_dir a",
                        "initial_dir a/c",
                        "initial_file a/c/d.txt",
                        "initial_dir b",
                        "initial_file b/a.xml",
                        "initial_file b/z.xml");
    }

    @Test
    void recordingIntoTheRecordedFolderIsRefused() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "a.txt", "a");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SessionRecorder().record(source, source.resolve("sub/rec.tar.gz")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the recorded folder");
        try (var files = Files.list(source)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.txt");
        }
    }

    private static JsonNode lastEvent(Path out) throws Exception {
        JsonNode events = Trees.recordingJson(out).get("events");
        return events.get(events.size() - 1);
    }

    /** A JPEG-looking binary: SOI marker, zeros, EOI marker. */
    static byte[] jpeg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[size - 2] = (byte) 0xFF;
        b[size - 1] = (byte) 0xD9;
        return b;
    }

    /** Each reading is 1.5 s after the previous one. */
    static final class StepClock implements java.time.InstantSource {
        private Instant now = Instant.parse("2026-11-22T01:00:00.000001Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusMillis(1500);
            return now;
        }
    }
}
