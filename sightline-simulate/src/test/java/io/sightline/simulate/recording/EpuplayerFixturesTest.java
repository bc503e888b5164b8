package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recordings that SmartEM's real epuplayer made (src/test/resources/epuplayer, with a README saying how to
 * record them again) replay here to the tree that was recorded, with verification clean. Each
 * {@code NAME.tree.tsv} lists that tree as it was on disk when the recorder stopped.
 */
class EpuplayerFixturesTest {

    @TempDir
    Path tmp;

    /** epuplayer stores these as placeholders (size only) by its extension rules. */
    private final BinaryClassifier epuplayerBinaries = new BinaryClassifier(Set.of(), Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"epuplayer-live", "epuplayer-snapshot"})
    void recordingMadeByEpuplayerReplaysToTheRecordedTreeWithVerificationClean(String name) throws Exception {
        Path recording = fixture(name + ".tar.gz");
        Path target = tmp.resolve("replayed");

        ReplayResult result =
                new SessionReplayer(d -> {}, ReplayListener.NONE).replay(recording, target, ReplayOptions.dev());

        assertThat(result.verificationFailures()).isEmpty();
        assertThat(result.filesVerified()).isPositive();
        assertThat(describe(target)).isEqualTo(expectedTree(fixture(name + ".tree.tsv")));
    }

    @Test
    void liveRecordingHoldsWhatEpuplayerWritesOfALiveSession() throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        try (var archive = RecordingArchive.open(fixture("epuplayer-live.tar.gz"), RecordingLimits.defaults())) {
            archive.forEachEvent((index, event) -> {
                seen.merge(event.eventType(), 1, Integer::sum);
                if (SafePaths.isRoot(event.srcPath())) {
                    seen.merge("on the recorded folder itself", 1, Integer::sum);
                }
                if (event.isPlaceholder()) {
                    seen.merge("placeholder", 1, Integer::sum);
                }
            });
        }
        assertThat(seen)
                .containsKeys(
                        "initial_file",
                        "created",
                        "modified",
                        "appended",
                        "truncated",
                        "moved",
                        "deleted",
                        "on the recorded folder itself",
                        "placeholder");
    }

    /** Path → "dir", or "size sha256" of a file; epuplayer's binaries by size only (they replay as zeros). */
    private Map<String, String> describe(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, "dir");
                } else {
                    out.put(rel, Files.size(p) + (epuplayerBinaries.isBinary(p) ? "" : " " + Sha256.of(p)));
                }
            }
        }
        return out;
    }

    /** The same from a tree listing: {@code kind TAB size TAB sha256 TAB path}. */
    private Map<String, String> expectedTree(Path listing) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readAllLines(listing)) {
            String[] f = line.split("\t", 4);
            if (f[0].equals("dir")) {
                out.put(f[3], "dir");
            } else {
                out.put(f[3], f[1] + (epuplayerBinaries.isBinary(Path.of(f[3])) ? "" : " " + f[2]));
            }
        }
        return out;
    }

    private Path fixture(String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/epuplayer/" + name)) {
            assertThat(in).as("test resource epuplayer/" + name).isNotNull();
            Files.copy(in, copy);
        }
        return copy;
    }
}
