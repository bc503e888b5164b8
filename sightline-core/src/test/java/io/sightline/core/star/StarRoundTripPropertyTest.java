package io.sightline.core.star;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips: files made in code read back to what was made; text that reads writes back byte for byte. */
class StarRoundTripPropertyTest {

    private static final Path FILE = Path.of("generated.star");

    private static StarFile read(String text) throws TextReadException {
        return new StarReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), FILE);
    }

    @Property(tries = 300)
    void aFileMadeInCodeReadsBackToTheSameContent(@ForAll("files") StarFile file) throws TextReadException {
        String text = StarWriter.toString(file);

        assertThat(read(text).reformatted()).isEqualTo(file);
    }

    @Property(tries = 300)
    void textThatReadsWritesBackByteForByte(@ForAll("layouts") String text) throws TextReadException {
        StarFile file = read(text);

        assertThat(StarWriter.toString(file)).isEqualTo(text);
    }

    @Property(tries = 1000)
    void numbersReadFromALineAreWhatDoubleParseDoubleGives(@ForAll("numbers") String number) {
        String line = "x " + number + " y";

        double fast = StarNumbers.parseDouble(line, 2, 2 + number.length());

        assertThat(Double.doubleToRawLongBits(fast))
                .as(number)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(number)));
    }

    @Provide
    Arbitrary<String> numbers() {
        Arbitrary<Double> doubles = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-1, 1).ofScale(6));
        return Arbitraries.oneOf(
                doubles.map(d -> String.format(Locale.ROOT, "%12.6f", d).strip()),
                doubles.map(d -> String.format(Locale.ROOT, "%e", d)),
                doubles.map(d -> String.format(Locale.ROOT, "%.15g", d)),
                doubles.map(String::valueOf),
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(25),
                Arbitraries.strings()
                        .withChars("0123456789")
                        .ofMinLength(1)
                        .ofMaxLength(12)
                        .map(s -> "-" + s + "." + new StringBuilder(s).reverse() + "e-" + s.length()));
    }

    @Provide
    Arbitrary<StarFile> files() {
        return block().list().ofMaxSize(4).map(StarFile::of);
    }

    private static Arbitrary<String> names() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withChars("0123456789_.")
                .ofMinLength(1)
                .ofMaxLength(12);
    }

    /** Any value a STAR line can hold: quotes, #, spaces, keywords, non-ASCII. */
    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withChars("\téµÅ中")
                        .ofMaxLength(15),
                Arbitraries.of("", " ", "\"", "'", "\" ", "a \"b\" c", "#x", "_x", "data_x", "loop_", "None", "$$x"),
                Arbitraries.doubles().map(d -> String.format(Locale.ROOT, "%12.6f", d)));
    }

    private static Arbitrary<StarBlock> block() {
        Arbitrary<List<StarItem>> pairs = Combinators.combine(
                        names().set().ofMaxSize(4), values().list().ofSize(4))
                .as((keys, vals) -> {
                    List<StarItem> items = new ArrayList<>();
                    int i = 0;
                    for (String k : keys) {
                        items.add(StarPair.of(k, vals.get(i++)));
                    }
                    return items;
                });
        Arbitrary<StarLoop> loop = names().set()
                .ofMinSize(1)
                .ofMaxSize(5)
                .flatMap(columns -> values().list()
                        .ofSize(columns.size())
                        .map(StarRow::of)
                        .list()
                        .ofMaxSize(6)
                        .map(rows -> StarLoop.of(List.copyOf(columns), rows)));
        return Combinators.combine(
                        Arbitraries.oneOf(names(), Arbitraries.just("")),
                        Arbitraries.of(0, 30001, 50001),
                        pairs,
                        loop.optional())
                .as((name, version, items, maybeLoop) -> {
                    List<StarItem> all = new ArrayList<>(items);
                    maybeLoop.ifPresent(all::add);
                    return StarBlock.of(name, version, all);
                });
    }

    /** STAR text as people and tools lay it out: odd spacing, tabs, comments, CRLF, no final line break. */
    @Provide
    Arbitrary<String> layouts() {
        Arbitrary<String> space = Arbitraries.of("", " ", "  ", "\t", " \t ");
        Arbitrary<String> gap = Arbitraries.of(" ", "  ", "\t", "     ");
        Arbitrary<String> eol = Arbitraries.of("\n", "\n", "\r\n", " \n");
        Arbitrary<String> trivia = Combinators.combine(
                        space, Arbitraries.of("", "# a comment", "# version 30001", "#"), eol)
                .as((s, c, e) -> s + c + e)
                .list()
                .ofMaxSize(2)
                .map(l -> String.join("", l));
        // between rows only comments: a blank line ends a loop
        Arbitrary<String> comments = Combinators.combine(space, Arbitraries.of("# a comment", "#"), eol)
                .as((s, c, e) -> s + c + e)
                .list()
                .ofMaxSize(1)
                .map(l -> String.join("", l));
        Arbitrary<String> value = Arbitraries.of(
                "1",
                "-2.500000",
                "abc",
                "\"two words\"",
                "'single q'",
                "\"\"",
                "x#y",
                "Movies/a.mrc",
                "\"a\u0007\" b\"");
        Arbitrary<String> pairs = names().set()
                .ofMaxSize(3)
                .flatMap(keys -> Combinators.combine(trivia, space, gap, value, space, eol)
                        .as((t, s, g, v, s2, e) -> List.of(t + s + "_", g + v + s2 + e))
                        .list()
                        .ofSize(keys.size())
                        .map(parts -> {
                            StringBuilder text = new StringBuilder();
                            int i = 0;
                            for (String key : keys) {
                                text.append(parts.get(i).get(0))
                                        .append(key)
                                        .append(parts.get(i++).get(1));
                            }
                            return text.toString();
                        }));
        Arbitrary<String> loop = names().set()
                .ofMinSize(1)
                .ofMaxSize(4)
                .flatMap(columns -> Combinators.combine(
                                trivia,
                                eol,
                                Combinators.combine(space, gap, eol)
                                        .as((s, g, e) -> s)
                                        .list()
                                        .ofSize(columns.size()),
                                Combinators.combine(
                                                comments, space, value.list().ofSize(columns.size()), gap, eol)
                                        .as((t, s, vs, g, e) -> t + s + String.join(g, vs) + e)
                                        .list()
                                        .ofMaxSize(4))
                        .as((t, e, indents, rows) -> {
                            StringBuilder s =
                                    new StringBuilder(t).append("loop_").append(e);
                            int n = 1;
                            for (String c : columns) {
                                s.append(indents.get(n - 1))
                                        .append('_')
                                        .append(c)
                                        .append(" #")
                                        .append(n++)
                                        .append(e);
                            }
                            rows.forEach(s::append);
                            return s.toString();
                        }));
        Arbitrary<String> block = Combinators.combine(
                        trivia,
                        Arbitraries.oneOf(names(), Arbitraries.just("")),
                        space,
                        eol,
                        pairs,
                        loop.optional(),
                        Arbitraries.of("", "\n", " \n"))
                .as((t, n, s, e, p, l, end) -> t + "data_" + n + s + e + p + l.orElse("") + end);
        return Combinators.combine(block.list().ofMaxSize(3), trivia, Arbitraries.of(true, false))
                .as((blocks, tail, cut) -> {
                    String text = String.join("", blocks) + tail;
                    boolean lf = text.endsWith("\n") && !text.endsWith("\r\n");
                    return cut && lf ? text.substring(0, text.length() - 1) : text;
                });
    }
}
