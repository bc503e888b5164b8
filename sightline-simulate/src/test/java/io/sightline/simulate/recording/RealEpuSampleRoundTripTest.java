package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records the real EPU samples (../shared/epu-samples) and replays them; skipped when they are absent. */
class RealEpuSampleRoundTripTest {

    @TempDir
    Path tmp;

    static Optional<Path> samples() {
        String property = System.getProperty("sightline.samples");
        if (property != null) {
            return Optional.of(Path.of(property)).filter(Files::isDirectory);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("epu-samples");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Test
    void realEpuOutputReplaysByteIdenticalWithThumbnailsAsPlaceholders() throws Exception {
        var samples = samples();
        assumeTrue(samples.isPresent(), "real EPU samples not found at ../shared/epu-samples (or -Dsightline.samples)");
        Path out = tmp.resolve("epu.tar.gz");

        RecordingSummary summary = new SessionRecorder().record(samples.get(), out);
        Path target = tmp.resolve("replayed");
        ReplayResult result =
                new SessionReplayer(d -> {}, ReplayListener.NONE).replay(out, target, ReplayOptions.dev());

        Trees.assertSameTree(samples.get(), target);
        assertThat(summary.placeholders()).isPositive();
        assertThat(result.verificationFailures()).isEmpty();
        assertThat(Files.size(out)).isLessThan(Files.size(samples.get().resolve("GridSquare_4590776.dm")));
    }
}
