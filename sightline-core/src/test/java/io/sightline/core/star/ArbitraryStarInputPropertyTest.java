package io.sightline.core.star;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.testing.Corruption;
import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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

/**
 * Whatever the bytes, reading gives a file or a {@link TextReadException}, never anything unchecked; and
 * whatever reads, writes back byte for byte.
 */
class ArbitraryStarInputPropertyTest {

    private static final Path FILE = Path.of("fuzzed.star");

    @Property(tries = 500)
    void randomBytesGiveAFileOrATypedError(@ForAll @Size(max = 400) byte[] bytes) throws IOException {
        readSafely(bytes);
    }

    @Property(tries = 500)
    void randomStarLikeTextGivesAFileOrATypedError(@ForAll("starLike") String text) throws IOException {
        readSafely(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void aRealFileWithCorruptedBytesGivesAFileOrATypedError(
            @ForAll("samples") Path sample,
            @ForAll @IntRange(min = 0, max = 13_000) int at,
            @ForAll("corruption") byte value,
            @ForAll @IntRange(min = 1, max = 8) int run,
            @ForAll boolean truncate)
            throws IOException {
        readSafely(Corruption.of(Files.readAllBytes(sample), at, value, run, truncate));
    }

    @Provide
    Arbitrary<Path> samples() {
        return Arbitraries.of(StarSamples.all());
    }

    @Provide
    Arbitrary<Byte> corruption() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        (byte) '"', (byte) '\'', (byte) '\n', (byte) ' ', (byte) '#', (byte) '_', (byte) ';', (byte) 7),
                Arbitraries.bytes());
    }

    @Provide
    Arbitrary<String> starLike() {
        return Arbitraries.of(List.of(
                        "data_", "data_x", "loop_", "_a", "_b", " 1", " \"q", "' ", "\"", "#", "\n", "\r\n", "\t", " ",
                        "x", "save_", ";", "\u0007"))
                .list()
                .ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    private static void readSafely(byte[] bytes) throws IOException {
        StarFile file;
        try {
            file = new StarReader().read(new ByteArrayInputStream(bytes), FILE);
        } catch (TextReadException e) {
            assertThat(e.file()).isEqualTo(FILE);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StarWriter writer = StarWriter.of(out)) {
            writer.write(file);
        }
        assertThat(out.toByteArray()).isEqualTo(bytes);
    }
}
