package io.sightline.core.epu.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The cursor parses numbers straight from the parser's characters, with a fast path for short decimals;
 * it must give exactly what {@link Double#parseDouble} and {@link Long#parseLong} give (or the same typed
 * error) for every text.
 */
class NumberParsingPropertyTest {

    private static final Path FILE = Path.of("number.xml");

    private static XmlCursor cursorOn(String text) throws Exception {
        byte[] xml = ("<v>" + text + "</v>").getBytes(StandardCharsets.UTF_8);
        XmlCursor c = new XmlCursor(FILE, EpuXml.defaults().open(new ByteArrayInputStream(xml), FILE));
        c.root("", "v");
        return c;
    }

    @Property(tries = 3000)
    void decimalsParseExactlyAsTheJdkDoes(@ForAll("decimals") String text) throws Exception {
        Double expected;
        try {
            expected = cursorOn(text).parseDouble(text.strip());
        } catch (EpuReadException e) {
            assertThatThrownBy(() -> cursorOn(text).optDouble()).isInstanceOf(e.getClass());
            return;
        }
        Double actual = cursorOn(text).optDouble();
        assertThat(actual == null ? null : Double.doubleToRawLongBits(actual))
                .as(text)
                .isEqualTo(expected == null ? null : Double.doubleToRawLongBits(expected));
    }

    @Property(tries = 300)
    void everyDoubleReadsBackExactly(@ForAll double d) throws Exception {
        if (Double.isInfinite(d)) {
            return;
        }
        assertThat(Double.doubleToRawLongBits(cursorOn(Double.toString(d)).doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(d));
    }

    @Property(tries = 1000)
    void integersParseExactlyAsTheJdkDoes(@ForAll("integers") String text) throws Exception {
        if (text.isBlank()) {
            assertThat(cursorOn(text).optLong()).isNull();
            return;
        }
        Long expected;
        try {
            expected = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            assertThatThrownBy(() -> cursorOn(text).optLong()).isInstanceOf(EpuReadException.Malformed.class);
            return;
        }
        assertThat(cursorOn(text).optLong()).as(text).isEqualTo(expected);
    }

    @Example
    void edgeCases() throws Exception {
        assertThat(Double.doubleToRawLongBits(cursorOn("-0").doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(cursorOn(" 1303.28 ").doubleValue()).isEqualTo(1303.28);
        assertThat(cursorOn("9.46185999423549E-05").doubleValue()).isEqualTo(9.46185999423549E-05);
        assertThat(cursorOn("NaN").doubleValue()).isNaN();
        // 16 and 17 digits on either side of 2^53, where the fast path ends
        assertThat(cursorOn("0.03562721760242743").doubleValue()).isEqualTo(0.03562721760242743);
        assertThat(cursorOn("9007199254740993").doubleValue()).isEqualTo(9007199254740993.0);
        assertThat(cursorOn("-0.0013646155362180461").doubleValue()).isEqualTo(-0.0013646155362180461);
        assertThat(cursorOn("").optDouble()).isNull();
        assertThat(cursorOn("9223372036854775807").optLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(cursorOn("-9223372036854775808").optLong()).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> cursorOn("9223372036854775808").optLong())
                .isInstanceOf(EpuReadException.Malformed.class);
        assertThatThrownBy(() -> cursorOn("1e999").optDouble()).isInstanceOf(EpuReadException.Malformed.class);
        assertThatThrownBy(() -> cursorOn("1.5d").optDouble()).isInstanceOf(EpuReadException.Malformed.class);
        assertThat(cursorOn("true").optBoolean()).isTrue();
        assertThat(cursorOn("0").optBoolean()).isFalse();
        assertThatThrownBy(() -> cursorOn("yes").optBoolean()).isInstanceOf(EpuReadException.Malformed.class);
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> sign = Arbitraries.of("", "-", "+", "--");
        Arbitrary<String> digits =
                Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(20);
        Arbitrary<String> point = Arbitraries.of("", ".", "..");
        Arbitrary<String> exponent = Arbitraries.oneOf(
                Arbitraries.just(""),
                Combinators.combine(
                                Arbitraries.of("e", "E"),
                                Arbitraries.of("", "-", "+"),
                                Arbitraries.strings()
                                        .withChars("0123456789")
                                        .ofMinLength(0)
                                        .ofMaxLength(4))
                        .as((e, s, d) -> e + s + d));
        Arbitrary<String> junk = Arbitraries.of("", "", "", "d", "x", " ", "a", "\u0660");
        return Combinators.combine(sign, digits, point, digits, exponent, junk)
                .as((s, a, p, b, e, j) -> s + a + p + b + e + j);
    }

    @Provide
    Arbitrary<String> integers() {
        return Combinators.combine(
                        Arbitraries.of("", "-", "+", " "),
                        Arbitraries.strings()
                                .withChars("0123456789")
                                .ofMinLength(0)
                                .ofMaxLength(21),
                        Arbitraries.of("", "", "x", " ", "\u0661"))
                .as((s, d, j) -> s + d + j);
    }
}
