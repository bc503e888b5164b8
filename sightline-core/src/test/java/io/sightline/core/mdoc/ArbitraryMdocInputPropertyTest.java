package io.sightline.core.mdoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.testing.Corruption;
import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, the mdoc reader gives an Mdoc or a TextReadException naming the file. */
class ArbitraryMdocInputPropertyTest {

    private static final Path FILE = Path.of("fuzzed.mdoc");

    @Property(tries = 500)
    void randomBytesGiveAnMdocOrATypedError(@ForAll @Size(max = 400) byte[] bytes) {
        readSafely(bytes);
    }

    @Property(tries = 500)
    void mdocLikeTextGivesAnMdocOrATypedError(@ForAll("mdocLike") String text) {
        readSafely(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void aRealFileWithCorruptedBytesGivesAnMdocOrATypedError(
            @ForAll("samples") Path sample,
            @ForAll @IntRange(min = 0, max = 40_000) int at,
            @ForAll byte value,
            @ForAll @IntRange(min = 1, max = 8) int run,
            @ForAll boolean truncate)
            throws IOException {
        readSafely(Corruption.of(Files.readAllBytes(sample), at, value, run, truncate));
    }

    @Provide
    Arbitrary<Path> samples() {
        return Arbitraries.of(MdocSamples.all());
    }

    @Provide
    Arbitrary<String> mdocLike() {
        return Arbitraries.of(List.of(
                        "[",
                        "]",
                        "ZValue",
                        "T",
                        " = ",
                        "=",
                        "TiltAngle",
                        "ExposureDose",
                        "PriorRecordDose",
                        "SubFramePath",
                        "RotationAngle",
                        "SerialEM:",
                        "Tomography:",
                        "Tilt axis angle",
                        "1.5",
                        "x.eer",
                        "-",
                        "e",
                        "\n",
                        "\r\n",
                        " "))
                .list()
                .ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    private static void readSafely(byte[] bytes) {
        try {
            assertThat(new MdocReader().read(new ByteArrayInputStream(bytes), FILE))
                    .isNotNull();
        } catch (TextReadException e) {
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
