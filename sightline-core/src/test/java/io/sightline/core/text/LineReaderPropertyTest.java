package io.sightline.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Lines come back exactly, whatever their length and however the bytes arrive. */
class LineReaderPropertyTest {

    @Property(tries = 200)
    void theLinesPutTogetherAreTheInput(@ForAll("texts") String text, @ForAll @IntRange(min = 1, max = 9000) int chunk)
            throws TextReadException {
        List<String> lines = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        try (LineReader reader = LineReader.of(trickle(text.getBytes(StandardCharsets.UTF_8), chunk), Path.of("t"))) {
            while (reader.next()) {
                lines.add(reader.text());
                contents.add(reader.content());
                assertThat(reader.number()).isEqualTo(lines.size());
            }
        }

        assertThat(String.join("", lines)).isEqualTo(text);
        assertThat(contents)
                .isEqualTo(
                        text.isEmpty()
                                ? List.of()
                                : List.of(text.split("\r?\n", -1)).subList(0, count(text)));
    }

    /** How many lines the text has: one per line break, and one more for text after the last. */
    private static int count(String text) {
        int breaks = (int) text.chars().filter(c -> c == '\n').count();
        return text.endsWith("\n") ? breaks : breaks + 1;
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').withChars("éµ\t").ofMaxLength(40),
                Arbitraries.strings().withChars("ab").ofMinLength(60_000).ofMaxLength(140_000));
        return Arbitraries.oneOf(
                line,
                line.list().ofMaxSize(20).map(l -> String.join("\n", l)),
                line.list().ofMaxSize(8).map(l -> String.join("\r\n", l) + "\r\n"));
    }

    /** An input stream that hands out at most {@code chunk} bytes per read, as a pipe or socket may. */
    private static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
