package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulationListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording made by {@code sightline record} replays in SmartEM's own epuplayer to the tree ours replays,
 * with epuplayer's verification clean. Runs the real epuplayer (see {@link Epuplayer} for how it is found) and
 * skips, saying why, where it is absent. The other direction, recordings epuplayer made replayed here, is
 * {@link EpuplayerFixturesTest}.
 */
class RealEpuplayerTest {

    @TempDir
    Path tmp;

    @Test
    void liveSightlineRecordingReplaysInEpuplayerToTheSameTreeWithVerificationClean() throws Exception {
        Epuplayer.Lookup lookup = Epuplayer.find();
        assumeTrue(lookup.epuplayer() != null, lookup.whyNot());
        Epuplayer epuplayer = lookup.epuplayer();

        Path live = Files.createDirectories(tmp.resolve("live"));
        Trees.write(live, "Windows notes.txt", "line one\r\nline two\r\n");
        Trees.write(live, "5 \u00b5m.txt", "5 \u00b5m\n");
        Trees.writeBytes(live, "preview.jpg", RoundTripTest.jpeg(3000));
        Path recording = tmp.resolve("sightline.tar.gz");
        var recorder = new SessionRecorder(RecorderOptions.defaults().withPollInterval(Duration.ofHours(1)));
        try (var active = recorder.start(live, recording, new PollingChangeSource(live), false)) {
            // A scan after every flushed piece and every finished file: appends, rewrites and placeholders that
            // grow, as a live EPU session gives them.
            EpuSimulator.write(live, smallLiveSession(), new SimulationListener() {
                @Override
                public void pieceWritten(Path file, int piece, int pieces, long bytesWritten, long totalBytes) {
                    poll(active);
                }

                @Override
                public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {
                    poll(active);
                }
            });
            Files.move(live.resolve("Windows notes.txt"), live.resolve("Windows notes (renamed).txt"));
            Files.delete(live.resolve("preview.jpg"));
            Files.writeString(live.resolve("5 \u00b5m.txt"), "and more\n", StandardOpenOption.APPEND);
            active.pollNow();
        }

        Path byEpuplayer = tmp.resolve("epuplayer");
        Epuplayer.Run run = epuplayer.replay(recording, byEpuplayer, "--dev-mode");
        Path bySightline = tmp.resolve("sightline");
        ReplayResult ours =
                new SessionReplayer(d -> {}, ReplayListener.NONE).replay(recording, bySightline, ReplayOptions.dev());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .as("epuplayer's report")
                .contains("Integrity verification passed!")
                .doesNotContain("Hash mismatch")
                .doesNotContain("Error replaying")
                .doesNotContain("Warning");
        assertThat(Trees.describe(byEpuplayer, false))
                .as("epuplayer's replay, byte for byte")
                .isEqualTo(Trees.describe(bySightline, false));
        Trees.assertSameTree(live, bySightline); // placeholders compared by size
        assertThat(ours.verificationFailures()).isEmpty();
        assertThat(ours.filesVerified()).isGreaterThan(20);
    }

    private static EpuSimulation smallLiveSession() {
        return EpuSimulation.builder()
                .squares(4)
                .visitedSquares(1)
                .atlasTiles(4)
                .partialWrites(true)
                .build();
    }

    private static void poll(SessionRecorder.ActiveRecording recording) {
        try {
            recording.pollNow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
