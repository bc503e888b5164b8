package io.sightline.core.star;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.text.TextReadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What changes in a file when part of it is changed in code, and how new elements are formatted. */
class StarEditingTest {

    private final StarReader reader = new StarReader();

    private StarFile read(String text) throws TextReadException {
        return reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Path.of("x.star"));
    }

    @Test
    void changingOneValueOfARealFileChangesOnlyItsLine() throws IOException, TextReadException {
        Path sample = StarSamples.file("teamtomo-starfile/postprocess.star");
        List<String> original = Files.readAllLines(sample);
        StarFile file = reader.read(sample);
        StarBlock general = file.block("general").orElseThrow();

        String written = StarWriter.toString(file.with(general.withValue("rlnFinalResolution", "3.14")));

        List<String> lines = written.lines().toList();
        assertThat(lines).hasSameSizeAs(original);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(original.get(i))) {
                changed.add(i);
            }
        }
        int line = general.pair("rlnFinalResolution").orElseThrow().line() - 1;
        assertThat(changed).containsExactly(line);
        assertThat(lines.get(line)).startsWith("_rlnFinalResolution ").endsWith(" 3.14");
    }

    @Test
    void changingOneRowKeepsEveryOtherRowsBytes() throws TextReadException {
        String text = "data_\nloop_\n_a #1\n_b #2\n  1    2\n\t3\t\"four five\"\n 5 6 # note\n";
        StarFile file = read(text);
        StarBlock block = file.blocks().get(0);
        StarLoop loop = block.loop().orElseThrow();

        String written = StarWriter.toString(
                file.with(block.withLoop(loop.withRow(1, loop.rows().get(1).with(0, "three")))));

        assertThat(written).isEqualTo("data_\nloop_\n_a #1\n_b #2\n  1    2\nthree \"four five\"\n 5 6 # note\n");
    }

    @Test
    void aFileMadeInCodeHasRelionsLayout() {
        StarFile file = StarFile.of(List.of(
                StarBlock.of("job", 50001, List.of(StarPair.of("rlnJobTypeLabel", "relion.external"))),
                StarBlock.of(
                        "joboptions_values",
                        50001,
                        List.of(StarLoop.of(
                                List.of("rlnJobOptionVariable", "rlnJobOptionValue"),
                                List.of(StarRow.of("fn_exe", "run.sh --fast"), StarRow.of("in_mic", "")))))));

        assertThat(StarWriter.toString(file)).isEqualTo("""

                        # version 50001

                        data_job

                        _rlnJobTypeLabel                     relion.external

                        # version 50001

                        data_joboptions_values

                        loop_
                        _rlnJobOptionVariable #1
                        _rlnJobOptionValue #2
                        fn_exe "run.sh --fast"
                        in_mic ""
                        """);
    }

    @Test
    void aPairAddedAfterALoopIsSeparatedByTheBlankLineRelionNeeds() throws TextReadException {
        StarFile file = read("data_\nloop_\n_a\n1\n");
        StarBlock block = file.blocks().get(0);

        String written = StarWriter.toString(file.with(block.withValue("rlnNote", "x")));

        // withValue puts a new pair before the loop, where RELION keeps a block's pairs
        assertThat(written).isEqualTo("data_\n" + StarFormat.pair("rlnNote", "x", "\n") + "loop_\n_a\n1\n");
        StarBlock appended = new StarBlock(block.header(), List.of(block.items().get(0), StarPair.of("rlnNote", "x")));
        assertThat(StarWriter.toString(new StarFile(List.of(appended), "")))
                .isEqualTo("data_\nloop_\n_a\n1\n\n" + StarFormat.pair("rlnNote", "x", "\n"));
    }

    @Test
    void aRowAddedToAFileEndingWithoutLineBreakStartsOnItsOwnLine() throws TextReadException {
        StarFile file = read("data_\nloop_\n_a\n1");
        StarBlock block = file.blocks().get(0);
        StarLoop loop = block.loop().orElseThrow();

        String written = StarWriter.toString(file.with(block.withLoop(loop.plus(StarRow.of("2")))));

        assertThat(written).isEqualTo("data_\nloop_\n_a\n1\n2\n");
    }

    @Test
    void valuesThatWouldReadAsSomethingElseAreQuoted() throws TextReadException {
        List<String> values =
                List.of("", " ", "#hash", "_label", "data_x", "loop_", "'single", "\"double", "a \"b\" c", "end\"");
        StarFile file = StarFile.of(List.of(StarBlock.of(
                "",
                0,
                List.of(StarLoop.of(
                        List.of("v"), values.stream().map(StarRow::of).toList())))));

        StarFile back = read(StarWriter.toString(file));

        assertThat(back.blocks().get(0).loop().orElseThrow().rows())
                .extracting(r -> r.value(0))
                .containsExactlyElementsOf(values);
    }

    @Test
    void theWriterRefusesEventsOutOfOrder() throws IOException {
        try (StarWriter writer = StarWriter.of(new StringWriter())) {
            assertThatThrownBy(() -> writer.write(StarPair.of("a", "1"))).isInstanceOf(IllegalStateException.class);
            writer.write(StarBlockHeader.of("x", 0));
            assertThatThrownBy(() -> writer.write(StarRow.of("1"))).isInstanceOf(IllegalStateException.class);
            writer.write(StarLoopHeader.of("a", "b"));
            assertThatThrownBy(() -> writer.write(StarRow.of("1"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> StarRow.of("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StarLoopHeader.of("a", "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
