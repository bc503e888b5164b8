package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.testing.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseAndValidateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void parseSessionSummarisesTheRealSession() {
        CommandRun run = CommandRun.of(
                "parse",
                "session",
                Samples.file(Samples.GRID + "/EpuSession.dm").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .contains("9015527  Supervisor_20250108_101446_62_cm40593-1_EPU")
                .contains("ClusteringWithImageBeamShift")
                .contains("Sample7\\Atlas\\Atlas.dm");
    }

    @Test
    void parseMicrographWithJsonPrintsTheModel() throws IOException {
        CommandRun run = CommandRun.of(
                "parse", "micrograph", Samples.file(Samples.MICROGRAPH).toString(), "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("uniqueId").asText()).isEqualTo("a57ec324-5326-43a3-8dc6-ee3424aa5814");
        assertThat(json.get("foilHoleId").asLong()).isEqualTo(9015883L);
        assertThat(json.get("readoutWidth").asInt()).isEqualTo(2880);
    }

    @Test
    void parseDirReportsMicrographsWaitingForTheirFoilHoles() {
        CommandRun run = CommandRun.of(
                "parse", "dir", Samples.dir().resolve(Samples.GRID).toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out())
                .containsPattern("micrographs:\\s+4")
                .contains("micrograph a57ec324-5326-43a3-8dc6-ee3424aa5814 waits for foil-hole 9015883");
    }

    @Test
    void aTruncatedFileFailsWithOneLineNamingFileAndKind() throws IOException {
        Path session = Samples.file(Samples.GRID + "/EpuSession.dm");
        byte[] bytes = Files.readAllBytes(session);
        Path half = tmp.resolve("EpuSession.dm");
        Files.write(half, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        CommandRun run = CommandRun.of("parse", "session", half.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains("incomplete").contains(half.toString());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void validateSaysExactlyWhyTheSampleGridIsNotAnEpuDirectory() {
        CommandRun run =
                CommandRun.of("validate", Samples.dir().resolve(Samples.GRID).toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out())
                .contains("not valid, 1 problem")
                .contains("missing-metadata")
                .contains("Metadata/");
    }

    @Test
    void validateWithJsonListsIssuesForPrograms() throws IOException {
        CommandRun run = CommandRun.of(
                "validate", "--json", Samples.dir().resolve(Samples.GRID).toString());

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("issues")).hasSize(1);
        assertThat(json.get("issues").get(0).get("kind").asText()).isEqualTo("missing-metadata");
    }

    @Test
    void validateOfAnEmptyFolderSaysThereIsNoSession() {
        CommandRun run = CommandRun.of("validate", tmp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("missing-session");
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(CommandRun.of("validate").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CommandRun.of("parse", "nonsense", "x").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CommandRun.of("parse").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CommandRun.of("--no-such-option").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {
            {"--help"},
            {"parse", "--help"},
            {"parse", "dir", "--help"},
            {"parse", "atlas", "--help"},
            {"validate", "--help"},
            {"record", "--help"},
            {"replay", "--help"}
        }) {
            CommandRun run = CommandRun.of(command);
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(ExitCode.OK);
            assertThat(run.out()).as(String.join(" ", command)).startsWith("Usage: sightline");
        }
    }

    @Test
    void aMissingFileIsAFailureNotACrash() {
        CommandRun run =
                CommandRun.of("parse", "atlas", tmp.resolve("nope/Atlas.dm").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(new String(run.err().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("nope");
    }
}
