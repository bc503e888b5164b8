package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What epuplayer's recorder writes that a faithful recorder would not, event by event as it writes it (its
 * {@code EPURecorder}, read in DiamondLightSource/smartem-devtools), and what replay makes of it.
 */
class EpuplayerQuirksTest {

    @TempDir
    Path tmp;

    private final SessionReplayer replayer = new SessionReplayer(d -> {}, ReplayListener.NONE);

    private static final String EMPTY = Sha256.of(new byte[0]);

    @Test
    void eventsOnTheRecordedFolderItselfChangeNothingAndNeverRemoveTheTarget() throws Exception {
        Path target = tmp.resolve("t");
        Path rec = recording(List.of(
                folder("created", "Images-Disc1"),
                folder("modified", "."), // watchdog: something changed inside the watched folder
                text("created", "Images-Disc1/a.xml", "<a/>", 4L, Sha256.of(bytes("<a/>"))),
                folder("deleted", "."),
                new RecordedEvent(1.0, "moved", ".", "elsewhere", true, null, null, null, null, null, null, false)));

        ReplayResult result = replayer.replay(rec, target, ReplayOptions.dev());

        assertThat(target.resolve("Images-Disc1/a.xml")).hasContent("<a/>");
        assertThat(result.eventsApplied()).isEqualTo(3);
        assertThat(result.eventsSkipped()).isEqualTo(2);
        assertThat(result.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("the recorded folder itself"));
    }

    @Test
    void aFileEventNamingTheRecordedFolderItselfIsRefused() throws Exception {
        Path rec = recording(List.of(text("created", ".", "x", 1L, Sha256.of(bytes("x")))));

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(UnsafeRecordingException.class)
                .hasMessageContaining("event #0")
                .hasMessageContaining("recorded folder itself");
        assertThat(tmp.resolve("t")).doesNotExist();
    }

    @Test
    void textReadAfterItWasHashedIsCutToTheSizeItsHashIsOf() throws Exception {
        // EPURecorder hashes a new file, then reads it: it had 0 bytes, then the writer added 16.
        String whole = "<GridSquare/>\r\n";
        Path rec = recording(List.of(
                text("created", "GridSquare_1.dm", whole.replace("\r\n", "\n"), 0L, EMPTY),
                append("GridSquare_1.dm", whole.replace("\r\n", "\n"), 0, bytes(whole))));

        ReplayResult result = replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev());

        assertThat(Files.readAllBytes(tmp.resolve("t/GridSquare_1.dm"))).isEqualTo(bytes(whole));
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("event #0")
                .contains("first 0");
    }

    @Test
    void chunkReadAfterItWasHashedIsCutToTheSizeItsHashIsOf() throws Exception {
        byte[] stored = bytes("first part|second part");
        Map<String, byte[]> chunks = Map.of("chunks/chunk_0.bin", stored);
        Path rec = recording(
                List.of(event("created", "a.bin", null, null, 10L, Sha256.of(bytes("first part")), "chunk_0")), chunks);

        ReplayResult result = replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev());

        assertThat(tmp.resolve("t/a.bin")).hasContent("first part");
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("holds 22 bytes");
    }

    @Test
    void rewriteRecordedAsAnAppendIsAWarningOnceALaterEventOfTheFileMatchesAgain() throws Exception {
        // Rewritten from "<old/>" to "<new-longer/>": EPURecorder saw only the grown file and kept its tail.
        Path rec = recording(List.of(
                text("created", "s.dm", "<old/>", 6L, Sha256.of(bytes("<old/>"))),
                append("s.dm", "longer/>", 6, bytes("<new-longer/>")),
                event("truncated", "s.dm", null, null, 0L, EMPTY, null),
                append("s.dm", "<new-longer/>", 0, bytes("<new-longer/>"))));

        ReplayResult result = replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev());

        assertThat(tmp.resolve("t/s.dm")).hasContent("<new-longer/>");
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("event #1 left s.dm not matching")
                .contains("event #2 made it match"); // the truncation: empty, as recorded
    }

    @Test
    void aFileThatDoesNotMatchAtItsLastCheckFailsVerification() throws Exception {
        Path rec = recording(List.of(
                text("created", "s.dm", "<old/>", 6L, Sha256.of(bytes("<old/>"))),
                append("s.dm", "longer/>", 6, bytes("<new-longer/>")),
                text("created", "other.xml", "<o/>", 4L, Sha256.of(bytes("<o/>")))));

        assertThatThrownBy(() -> replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev()))
                .isInstanceOf(RecordingVerificationException.class)
                .satisfies(e -> assertThat(
                                ((RecordingVerificationException) e).result().verificationFailures())
                        .singleElement()
                        .satisfies(f -> {
                            assertThat(f.eventIndex()).isEqualTo(1);
                            assertThat(f.path()).isEqualTo("s.dm");
                        }));
        assertThat(tmp.resolve("t/s.dm")).hasContent("<old/>longer/>");
    }

    @Test
    void aMismatchFollowsItsFileWhenMovedAndEndsWhenTheRecordingDeletesIt() throws Exception {
        Path rec = recording(List.of(
                text("created", "d/s.dm", "<old/>", 6L, Sha256.of(bytes("<old/>"))),
                append("d/s.dm", "longer/>", 6, bytes("<new-longer/>")),
                event("moved", "d", "e", null, null, null, null),
                folder("deleted", "e")));

        ReplayResult result = replayer.replay(rec, tmp.resolve("t"), ReplayOptions.dev());

        assertThat(tmp.resolve("t/e")).doesNotExist();
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.warnings()).singleElement().asString().contains("event #3 deleted it");
    }

    @Test
    void placeholderCarryingTheOriginalImagesHashIsVerifiedBySize() throws Exception {
        var placeholder = new RecordedEvent(
                1.0,
                "created",
                "GridSquare_1.jpg",
                null,
                false,
                null,
                3187L,
                Sha256.of(RoundTripTest.jpeg(3187)),
                null,
                null,
                null,
                true);

        ReplayResult result = replayer.replay(recording(List.of(placeholder)), tmp.resolve("t"), ReplayOptions.dev());

        assertThat(Files.readAllBytes(tmp.resolve("t/GridSquare_1.jpg"))).isEqualTo(new byte[3187]);
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.filesVerified()).isEqualTo(1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RecordedEvent folder(String type, String path) {
        return new RecordedEvent(1.0, type, path, null, true, null, null, null, null, null, null, false);
    }

    private static RecordedEvent text(String type, String path, String content, Long size, String hash) {
        return event(type, path, null, content, size, hash, null);
    }

    /** An {@code appended} event as EPURecorder writes it: the bytes from {@code position}, the whole file's hash. */
    private static RecordedEvent append(String path, String content, long position, byte[] wholeFile) {
        return new RecordedEvent(
                1.0,
                "appended",
                path,
                null,
                false,
                content,
                (long) wholeFile.length,
                Sha256.of(wholeFile),
                null,
                Map.of("append_size", wholeFile.length - position),
                position,
                false);
    }

    private static RecordedEvent event(
            String type, String path, String dest, String content, Long size, String hash, String chunk) {
        return new RecordedEvent(1.0, type, path, dest, false, content, size, hash, chunk, null, null, false);
    }

    private Path recording(List<RecordedEvent> events) throws Exception {
        return recording(events, Map.of());
    }

    private Path recording(List<RecordedEvent> events, Map<String, byte[]> chunks) throws Exception {
        var metadata = new RecordingMetadata("2026-01-01T00:00:00.000000", "/epu", events.size(), "2.0", "linux");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metadata", metadata);
        json.put("events", events);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("recording.json", RecordingFormat.mapper().writeValueAsBytes(json));
        entries.putAll(chunks);
        Path rec = tmp.resolve("rec-" + System.nanoTime() + ".tar.gz");
        Trees.writeArchive(rec, entries);
        return rec;
    }
}
