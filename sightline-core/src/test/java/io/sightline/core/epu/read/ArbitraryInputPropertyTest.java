package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.epu.kind.EpuKinds;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, a reader returns a record or throws an EpuReadException; nothing unchecked escapes. */
class ArbitraryInputPropertyTest {

    private static final Path MICROGRAPH =
            Path.of("g", "Images-Disc1", "GridSquare_1", "Data", "FoilHole_2_Data_3_4_20250108_154915.xml");

    private static List<EpuReader<?>> readers(EpuXml xml) {
        EpuKinds r = EpuKinds.standard(xml);
        return List.of(
                r.reader(EpuKinds.SESSION),
                r.reader(EpuKinds.ATLAS),
                r.reader(EpuKinds.GRIDSQUARE_METADATA),
                r.reader(EpuKinds.MICROGRAPH));
    }

    @Property(tries = 300)
    void randomBytesGiveATypedErrorOrAResult(@ForAll @Size(max = 600) byte[] bytes, @ForAll("parsers") String parser) {
        for (EpuReader<?> reader : readers(RealSampleReadersTest.xml(parser))) {
            readSafely(reader, bytes);
        }
    }

    @Property(tries = 300)
    void aRealFileWithCorruptedBytesGivesATypedErrorOrAResult(
            @ForAll @IntRange(min = 0, max = 16_000) int at,
            @ForAll byte value,
            @ForAll @IntRange(min = 1, max = 8) int run,
            @ForAll("parsers") String parser)
            throws Exception {
        String samples = System.getProperty("sightline.samples");
        if (samples == null || !Files.isDirectory(Path.of(samples))) {
            return; // the real-sample tests report the skip
        }
        byte[] bytes = Files.readAllBytes(
                Path.of(samples)
                        .resolve(
                                "grid-2025/Images-Disc1/GridSquare_8999138/Data/FoilHole_9015883_Data_9017347_6_20250108_154915.xml"));
        for (int i = at; i < Math.min(bytes.length, at + run); i++) {
            bytes[i] = value;
        }
        EpuKinds r = EpuKinds.standard(RealSampleReadersTest.xml(parser));
        readSafely(r.reader(EpuKinds.MICROGRAPH), bytes);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> parsers() {
        return net.jqwik.api.Arbitraries.of("sightline", "woodstox", "aalto", "jdk");
    }

    private static void readSafely(EpuReader<?> reader, byte[] bytes) {
        try {
            assertThat(reader.read(new ByteArrayInputStream(bytes), MICROGRAPH)).isNotNull();
        } catch (EpuReadException e) {
            assertThat(e.file()).isEqualTo(MICROGRAPH);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
