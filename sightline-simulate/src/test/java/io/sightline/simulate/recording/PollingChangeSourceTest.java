package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PollingChangeSourceTest {

    @TempDir
    Path root;

    @Test
    void reportsCreationsBeforeModificationsBeforeDeletionsChildrenDeletedFirst() throws Exception {
        Trees.write(root, "old/gone.xml", "g");
        Path kept = Trees.write(root, "kept.xml", "k");
        var source = new PollingChangeSource(root);

        Trees.write(root, "new/sub/a.xml", "a");
        Files.writeString(kept, "kk");
        Files.delete(root.resolve("old/gone.xml"));
        Files.delete(root.resolve("old"));

        assertThat(source.poll())
                .containsExactly(
                        new PathChange.Created("new", true),
                        new PathChange.Created("new/sub", true),
                        new PathChange.Created("new/sub/a.xml", false),
                        new PathChange.Modified("kept.xml"),
                        new PathChange.Deleted("old/gone.xml", false),
                        new PathChange.Deleted("old", true));
        assertThat(source.poll()).isEmpty();
    }

    @Test
    void recognisesFileAndFolderRenames() throws Exception {
        Trees.write(root, "GridSquare_1/Data/FoilHole_1.xml", "f1");
        Path file = Trees.write(root, "a.xml", "a");
        var source = new PollingChangeSource(root);

        Files.move(root.resolve("GridSquare_1"), root.resolve("GridSquare_2"));
        Files.move(file, root.resolve("b.xml"));

        assertThat(source.poll())
                .containsExactly(
                        new PathChange.Moved("GridSquare_1", "GridSquare_2", true),
                        new PathChange.Moved("a.xml", "b.xml", false));
    }

    @Test
    void aNewFileThatGotTheInodeOfADeletedOneIsNotARename() {
        var inode = 4242L;
        var before = java.util.Map.of("Metadata/Windows.dm", new PollingChangeSource.Entry(false, 20, 1_000, inode));
        var after = java.util.Map.of("Data/FoilHole_9.mrc", new PollingChangeSource.Entry(false, 4096, 2_000, inode));

        assertThat(PollingChangeSource.diff(before, after))
                .containsExactly(
                        new PathChange.Created("Data/FoilHole_9.mrc", false),
                        new PathChange.Deleted("Metadata/Windows.dm", false));
        var renamed = java.util.Map.of("Metadata/Renamed.dm", new PollingChangeSource.Entry(false, 20, 1_000, inode));
        assertThat(PollingChangeSource.diff(before, renamed))
                .containsExactly(new PathChange.Moved("Metadata/Windows.dm", "Metadata/Renamed.dm", false));
    }

    @Test
    void fileChangedWithoutSizeChangeIsSeenByItsModificationTime() throws Exception {
        Path f = Trees.write(root, "a.xml", "aaaa");
        var source = new PollingChangeSource(root);
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2031-01-01T00:00:00Z")));
        assertThat(source.poll()).containsExactly(new PathChange.Modified("a.xml"));
    }

    @Test
    void startedRecordingPicksUpChangesInTheBackgroundUntilStopped() throws Exception {
        Path session = Files.createDirectories(root.resolve("session"));
        Trees.write(session, "EpuSession.dm", "<s/>");
        Path out = root.resolve("rec.tar.gz");
        var recorder = new SessionRecorder(RecorderOptions.defaults().withPollInterval(Duration.ofMillis(20)));
        RecordingSummary summary;
        try (var recording = recorder.start(session, out)) {
            assertThat(recording.eventCount()).isEqualTo(1);
            // Written beside the session and moved in, so no scan can see it half-written.
            Path staged = Trees.write(root, "staging/Images-Disc1/GridSquare_1.xml", "<g/>");
            Files.move(staged.getParent(), session.resolve("Images-Disc1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> recording.eventCount() == 3);
            summary = recording.stop();
        }
        assertThat(summary.events()).isEqualTo(3);
        List<String> events = new ArrayList<>();
        Trees.recordingJson(out)
                .get("events")
                .forEach(e -> events.add(
                        e.get("event_type").asText() + " " + e.get("src_path").asText()));
        assertThat(events)
                .containsExactly(
                        "initial_file EpuSession.dm", "created Images-Disc1", "created Images-Disc1/GridSquare_1.xml");
    }
}
