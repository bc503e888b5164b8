package io.sightline.core.star;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.text.TextReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reader and writer against STAR files that RELION, CryoBoost, TomoMan and others wrote. */
class RealStarFilesTest {

    private final StarReader reader = new StarReader();

    static List<Path> samples() {
        return StarSamples.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writingWhatWasReadGivesTheSameBytes(Path sample) throws IOException, TextReadException {
        byte[] original = Files.readAllBytes(sample);

        StarFile file = reader.read(sample);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StarWriter writer = StarWriter.of(out)) {
            writer.write(file);
        }

        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(new String(original, java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void streamingACopyGivesTheSameBytes(Path sample) throws IOException, TextReadException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StarStream in = reader.open(sample);
                StarWriter writer = StarWriter.of(out)) {
            for (StarEvent e = in.next(); e != null; e = in.next()) {
                writer.write(e);
            }
        }

        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(sample));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void aReformattedFileReadsBackToTheSameContent(Path sample) throws TextReadException {
        StarFile reformatted = reader.read(sample).reformatted();

        String text = StarWriter.toString(reformatted);

        assertThat(reader.read(
                                new java.io.ByteArrayInputStream(
                                        text.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                                sample)
                        .reformatted())
                .isEqualTo(reformatted);
    }

    @Test
    void relionParticlesHaveOpticsAndRowsWithNumbers() throws TextReadException, IOException {
        Path sample = StarSamples.file("cylindra/run_it050_data.star");
        StarFile file = reader.read(sample);

        assertThat(file.blocks()).extracting(StarBlock::name).containsExactly("optics", "particles");
        assertThat(file.blocks()).extracting(StarBlock::version).containsExactly(50001, 50001);
        StarLoop optics = file.block("optics").orElseThrow().loop().orElseThrow();
        assertThat(optics.rows()).hasSize(2);
        assertThat(optics.rows().get(1).value(optics.column("rlnOpticsGroupName")))
                .isEqualTo("TS_02");
        StarLoop particles = file.block("particles").orElseThrow().loop().orElseThrow();
        StarRow first = particles.rows().get(0);
        assertThat(first.value(particles.column("rlnTomoName"))).isEqualTo("TS_01");
        assertThat(first.number(particles.column("rlnCenteredCoordinateXAngst")))
                .isEqualTo(-176.94);
        assertThat(first.number(particles.column("rlnLogLikeliContribution"))).isEqualTo(3.800438e+05);
        // the blank line between the labels and the first row belongs to the row's source
        assertThat(first.source()).isEqualTo("\n" + Files.readAllLines(sample).get(first.line() - 1) + "\n");
        assertThat(first.column(1)).isEqualTo("TS_01\t".length() + 1);
    }

    @Test
    void quotedValuesLoseTheirQuotesAndKeepTheirSpaces() throws TextReadException {
        StarFile doubleQuoted = reader.read(StarSamples.file("teamtomo-starfile/loop_double_quote.star"));
        StarFile singleQuoted = reader.read(StarSamples.file("teamtomo-starfile/loop_single_quote.star"));

        StarLoop loop = doubleQuoted.blocks().get(0).loop().orElseThrow();
        assertThat(loop.rows().get(0).values())
                .containsExactly("noquote", "quote string", " ", "", "4.0", "5.0", "6.0", "");
        assertThat(singleQuoted.blocks().get(0).loop().orElseThrow().rows())
                .extracting(StarRow::values)
                .isEqualTo(loop.rows().stream().map(StarRow::values).toList());
        assertThat(reader.read(StarSamples.file("teamtomo-starfile/basic_double_quote.star"))
                        .blocks()
                        .get(0)
                        .value("whitespace_string"))
                .contains(" ");
    }

    @Test
    void cryoBoostsHandWrittenJobKeepsABackslashValueAndAShortRow() throws TextReadException {
        StarLoop options = reader.read(StarSamples.file("crboost-server/fsMotionAndCtf_job.star"))
                .block("joboptions_values")
                .orElseThrow()
                .loop()
                .orElseThrow();

        assertThat(options.rows().stream()
                        .filter(r -> r.value(0).equals("other_args"))
                        .findFirst()
                        .orElseThrow()
                        .value(1))
                .isEqualTo("--c_window 512 --out_average_halves \\");
        assertThat(options.rows().stream()
                        .filter(r -> r.value(0).equals("qsub_extra5"))
                        .findFirst()
                        .orElseThrow()
                        .value(1))
                .isEqualTo("32G");
        StarLoop importOptions = reader.read(StarSamples.file("crboost-server/importmovies_job.star"))
                .block("joboptions_values")
                .orElseThrow()
                .loop()
                .orElseThrow();
        assertThat(importOptions.rows().get(importOptions.rows().size() - 1).values())
                .containsExactly("qsub_extra5", "");
    }

    @Test
    void aLoopWithoutRowsIsEmptyAndTheFileEndsAfterIt() throws TextReadException {
        StarFile file = reader.read(StarSamples.file("teamtomo-starfile/empty_loop.star"));

        StarLoop loop = file.blocks().get(0).loop().orElseThrow();
        assertThat(loop.columns()).containsExactly("rlnCoordinateX");
        assertThat(loop.rows()).isEmpty();
    }
}
