package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.kind.EpuKinds;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A file cut anywhere (EPU still writing it) reads as Incomplete or as a result, never as anything else:
 * the watcher retries Incomplete files, so any other outcome would lose or misreport a file.
 */
class TruncatedFilePropertyTest {

    private static final List<String> FILES = List.of(
            "grid-2025/EpuSession.dm",
            "Atlas.dm",
            "GridSquare_4590776.dm",
            "grid-2025/Images-Disc1/GridSquare_8999138/Data/FoilHole_9015883_Data_9017347_6_20250108_154915.xml",
            "grid-2025/Images-Disc1/GridSquare_8999138/FoilHoles/FoilHole_9015889_20250108_154725.xml",
            "grid-2025/Images-Disc1/GridSquare_8999138/GridSquare_20250108_151151.xml");

    @Property(tries = 1600)
    void aTruncatedRealFileIsIncompleteOrReadsNeverAnythingElse(@ForAll("cuts") Tuple.Tuple2<String, Double> cut)
            throws Exception {
        String samples = System.getProperty("sightline.samples");
        if (samples == null || !Files.isDirectory(Path.of(samples))) {
            return; // jqwik has no assumption-based skip per try; RealSampleReadersTest reports the skip
        }
        Path file = Path.of(samples).resolve(cut.get1());
        byte[] all = Files.readAllBytes(file);
        int length = (int) Math.floor(cut.get2() * all.length);
        byte[] head = Arrays.copyOf(all, length);
        // The cut position also picks the parser, so every parser sees cuts all over every file.
        String[] parsers = {"sightline", "woodstox", "aalto", "jdk"};
        EpuKinds kinds = EpuKinds.standard(RealSampleReadersTest.xml(parsers[(int) (cut.get2() * 4_000_000) % 4]));
        // the samples' .dm files lie outside the folders their path rules expect; the manifests classify
        EpuReader<?> reader = switch (cut.get1()) {
            case "grid-2025/EpuSession.dm" -> kinds.reader(EpuKinds.SESSION);
            case "Atlas.dm" -> kinds.reader(EpuKinds.ATLAS);
            case "GridSquare_4590776.dm" -> kinds.reader(EpuKinds.GRIDSQUARE_METADATA);
            default -> kinds.reader(kinds.kindOf(kinds.classify(file).orElseThrow()));
        };
        try {
            Object result = reader.read(new ByteArrayInputStream(head), file);
            assertThat(result).isNotNull();
        } catch (EpuReadException e) {
            assertThat(e)
                    .as("cut at %d of %d bytes: %s", length, all.length, e.getMessage())
                    .isInstanceOf(EpuReadException.Incomplete.class);
            assertThat(e.file()).isEqualTo(file);
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple2<String, Double>> cuts() {
        return Arbitraries.of(FILES)
                .flatMap(f -> Arbitraries.doubles()
                        .between(0.0, 1.0)
                        .edgeCases(c -> c.add(0.0))
                        .map(d -> Tuple.of(f, d)));
    }
}
