package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the element vocabulary (namespace + local name) of simulated files with the real EPU samples in
 * {@code ../shared/epu-samples}: image manifests and visited grid-square metadata use exactly the real elements;
 * the trimmed session and atlas files use no element the real ones lack. Skipped when the samples are absent.
 */
class RealSampleStructureTest {

    @TempDir
    static Path out;

    static Path samples;
    static Map<String, Path> files;

    @BeforeAll
    static void simulate() throws IOException {
        samples = findSamples();
        assumeTrue(samples != null, "real EPU samples not found (../shared/epu-samples); structure comparison skipped");
        EpuSimulator.write(out, SimulatedFiles.small(), SimulationListener.NONE);
        files = SimulatedFiles.all(out);
    }

    private static Path findSamples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("epu-samples");
            if (Files.isDirectory(candidate.resolve("grid-2025"))) {
                return candidate;
            }
            if (Files.isDirectory(dir.resolve("shared/epu-samples/grid-2025"))) {
                return dir.resolve("shared/epu-samples");
            }
        }
        return null;
    }

    private static Path simulated(Predicate<String> which) {
        return files.entrySet().stream()
                .filter(e -> which.test(e.getKey()))
                .max(Comparator.comparingLong(e -> size(e.getValue())))
                .orElseThrow()
                .getValue();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> vocabulary(Path file) throws Exception {
        return new TreeSet<>(XmlScan.of(file).counts().keySet());
    }

    private static Path sample(String relative) {
        return samples.resolve(relative);
    }

    @Test
    void imageManifestsUseExactlyTheElementsOfRealOnes() throws Exception {
        String square = "grid-2025/Images-Disc1/GridSquare_8999138/";
        assertThat(vocabulary(simulated(p -> p.contains("/Data/") && p.endsWith(".xml"))))
                .isEqualTo(vocabulary(sample(square + "Data/FoilHole_9015883_Data_9017354_6_20250108_154918.xml")));
        assertThat(vocabulary(simulated(p -> p.contains("/FoilHoles/") && p.endsWith(".xml"))))
                .isEqualTo(vocabulary(sample(square + "FoilHoles/FoilHole_9015889_20250108_154725.xml")));
        assertThat(vocabulary(simulated(p -> p.matches(".*/Images-Disc1/GridSquare_\\d+/GridSquare_.*\\.xml"))))
                .isEqualTo(vocabulary(sample(square + "GridSquare_20250108_151151.xml")));
    }

    @Test
    void visitedGridSquareMetadataUsesExactlyTheElementsOfTheRealOne() throws Exception {
        assertThat(vocabulary(simulated(p -> p.contains("/Metadata/GridSquare_"))))
                .isEqualTo(vocabulary(sample("GridSquare_4590776.dm")));
    }

    @Test
    void sessionAndAtlasUseNoElementTheRealOnesLack() throws Exception {
        assertThat(vocabulary(simulated(p -> p.endsWith("EpuSession.dm"))))
                .isSubsetOf(vocabulary(sample("grid-2025/EpuSession.dm")));
        assertThat(vocabulary(simulated(p -> p.endsWith("Atlas.dm")))).isSubsetOf(vocabulary(sample("Atlas.dm")));
    }
}
