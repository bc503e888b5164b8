package io.sightline.core.star;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed STAR text gets one typed error that names the file, the line and the column. */
class BadStarInputTest {

    private static final Path FILE = Path.of("Extract", "job007", "particles.star");

    @TempDir
    Path tmp;

    private static TextReadException error(String text) {
        return catchThrowableOfType(
                TextReadException.class,
                () -> new StarReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), FILE));
    }

    @Test
    void anUnclosedQuoteIsMalformedAtTheQuote() {
        TextReadException e = error("data_\nloop_\n_a\n_b\nx \"open value\n");

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.file()).isEqualTo(FILE);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith(FILE + ":5:3: ").contains("quoted value not closed");
    }

    @Test
    void aFileEndingInsideARowIsIncomplete() {
        TextReadException e = error("data_particles\nloop_\n_a\n_b\n_c\n1 2 3\n4 5");

        assertThat(e).isInstanceOf(TextReadException.Incomplete.class);
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.problem()).contains("2 of 3 values");
    }

    @Test
    void aShortRowInTheMiddleIsMalformed() {
        TextReadException e = error("data_particles\nloop_\n_a\n_b\n_c\n1 2\n4 5 6\n");

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).contains("a row of 2 values in a loop of 3 columns");
    }

    @Test
    void aRowWithTooManyValuesPointsAtTheFirstExtraValue() {
        TextReadException e = error("data_\nloop_\n_a\n_b\n1  2  3\n");

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(7);
    }

    @Test
    void valuesAfterTheBlankLineThatEndsALoopAreMalformed() {
        TextReadException e = error("data_\nloop_\n_a\n1\n\n2\n");

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.problem()).contains("outside a loop");
    }

    @Test
    void contentBeforeTheFirstBlockIsMalformed() {
        assertThat(error("_rlnVoltage 300\n").problem()).contains("before the first data_ block");
        assertThat(error("loop_\n_a\n").problem()).contains("before the first data_ block");
    }

    @Test
    void twiceTheSameColumnOrKeyIsMalformed() {
        assertThat(error("data_\nloop_\n_a\n_a\n1 2\n").problem()).contains("column _a appears twice");
        assertThat(error("data_\n_a 1\n_a 2\n").problem()).contains("_a appears twice");
    }

    @Test
    void aPairWithoutValueOrWithTwoIsMalformed() {
        TextReadException none = error("data_\n_rlnVoltage\n");
        TextReadException two = error("data_\n_rlnVoltage 300 200\n");

        assertThat(none.problem()).contains("no value after _rlnVoltage");
        assertThat(two.problem()).contains("more than one value");
        assertThat(two.column()).isEqualTo("_rlnVoltage 300 ".length() + 1);
    }

    @Test
    void multiLineTextFieldsAreUnsupported() {
        TextReadException e = error("data_\n_note\n;\nsome text\n;\n");

        assertThat(e).isInstanceOfAny(TextReadException.Unsupported.class, TextReadException.Malformed.class);
        assertThat(error("data_\nloop_\n_a\n;text\n")).isInstanceOf(TextReadException.Unsupported.class);
    }

    @Test
    void aLoopWithoutColumnsIsMalformed() {
        assertThat(error("data_\nloop_\n1 2\n").problem()).contains("loop_ without any column");
        assertThat(error("data_\nloop_\n")).isInstanceOf(TextReadException.Malformed.class);
        assertThat(error("data_\nloop_")).isInstanceOf(TextReadException.Incomplete.class);
    }

    @Test
    void bytesThatAreNotUtf8AreMalformedOnTheirLine() {
        byte[] bytes = {'d', 'a', 't', 'a', '_', '\n', '_', 'a', ' ', (byte) 0xff, '\n'};

        TextReadException e = catchThrowableOfType(
                TextReadException.class, () -> new StarReader().read(new ByteArrayInputStream(bytes), FILE));

        assertThat(e).isInstanceOf(TextReadException.Malformed.class);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(4);
    }

    @Test
    void aMissingFileIsUnreadable() {
        Path missing = tmp.resolve("nothing.star");

        TextReadException e = catchThrowableOfType(TextReadException.class, () -> new StarReader().read(missing));

        assertThat(e).isInstanceOf(TextReadException.Unreadable.class);
        assertThat(e.file()).isEqualTo(missing);
    }
}
