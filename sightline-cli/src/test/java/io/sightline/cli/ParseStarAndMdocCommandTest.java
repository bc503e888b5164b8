package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sightline parse star} and {@code parse mdoc} on files other tools wrote (core's test samples). */
class ParseStarAndMdocCommandTest {

    @TempDir
    Path tmp;

    /** Copies one of core's samples out of the class path, wherever that puts it. */
    private Path sample(String resource) throws IOException {
        Path target = tmp.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = getClass().getResourceAsStream("/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void parseStarSummarisesBlocksAndRowsOfAParticleFile() throws IOException {
        CommandRun run = CommandRun.of(
                "parse",
                "star",
                sample("star-samples/cylindra/run_it050_data.star").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .containsPattern("data_optics:\\s+version 50001, loop of 11 columns, 2 rows")
                .containsPattern("data_particles:\\s+version 50001, loop of 21 columns, \\d+ rows")
                .doesNotContain("relion file");
    }

    @Test
    void parseStarShowsAPipelineAsRelionReadsIt() throws IOException {
        CommandRun run = CommandRun.of(
                "parse",
                "star",
                sample("star-samples/teamtomo-starfile/default_pipeline.star").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .containsPattern("relion file:\\s+default_pipeline.star")
                .containsPattern("next job:\\s+32")
                .contains("Import/job001/ 0 Succeeded (Import/movies/)");
    }

    @Test
    void parseStarWithJsonStreamsEveryValueAndTheJobView() throws IOException {
        CommandRun run = CommandRun.of(
                "parse",
                "star",
                sample("star-samples/crboost-server/fsMotionAndCtf_job.star").toString(),
                "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/blocks/0/name").asText()).isEqualTo("job");
        assertThat(json.at("/blocks/0/items/0/value").asText()).isEqualTo("relion.external");
        assertThat(json.at("/blocks/1/items/0/columns/1").asText()).isEqualTo("rlnJobOptionValue");
        assertThat(json.at("/blocks/1/items/0/rows/0/1").asText()).isEqualTo("crboost_warp_fs_motion_and_ctf.py");
        assertThat(json.at("/relion/kind").asText()).isEqualTo("job.star");
        assertThat(json.at("/relion/view/type").asText()).isEqualTo("relion.external");
        assertThat(json.at("/relion/view/star").isMissingNode()).isTrue();
    }

    @Test
    void aBrokenStarFileFailsWithOneLineNamingFileLineAndKind() throws IOException {
        Path broken = tmp.resolve("broken.star");
        Files.writeString(broken, "data_\nloop_\n_a\n_b\n1 \"open\n");

        CommandRun run = CommandRun.of("parse", "star", broken.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("malformed").contains(broken + ":5:3");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void parseMdocFindsSerialEmAndItsTiltAxis() throws IOException {
        CommandRun run = CommandRun.of(
                "parse", "mdoc", sample("mdoc-samples/close-TS_run1.mdoc").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .containsPattern("software:\\s+serialem")
                .containsPattern("tilt axis:\\s+84.7°")
                .containsPattern("dose per tilt:\\s+2.35936")
                .containsPattern("tilts:\\s+9, -6.02° to 6.09°");
    }

    @Test
    void parseMdocWithJsonPrintsFactsTiltsAndSections() throws IOException {
        CommandRun run = CommandRun.of(
                "parse", "mdoc", sample("mdoc-samples/tilt_series.mdoc").toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("software").asText()).isEqualTo("SERIALEM");
        assertThat(json.get("tiltAxisAngle").asDouble()).isEqualTo(85.3);
        assertThat(json.get("tilts")).hasSize(41);
        assertThat(json.at("/tilts/1/subFrameName").asText()).isEqualTo("TS_01_001_3.0.mrc");
        assertThat(json.at("/sections/0/entries/0/key").asText()).isEqualTo("TiltAngle");
    }

    @Test
    void aBrokenMdocFailsWithOneLine() throws IOException {
        Path broken = tmp.resolve("broken.mdoc");
        Files.writeString(broken, "PixelSpacing = 1\n[ZValue = 0]\nTiltAngle = x\n");

        CommandRun run = CommandRun.of("parse", "mdoc", broken.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("malformed").contains(broken + ":3:13").contains("TiltAngle");
    }
}
