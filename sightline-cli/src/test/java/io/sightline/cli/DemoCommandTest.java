package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.cli.support.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo runs the real server, simulator and agent in this JVM and checks what the server ends up holding. */
class DemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theServerEndsUpHoldingExactlyWhatTheSimulatedMicroscopeWrote() {
        Path dir = tmp.resolve("demo");
        CommandRun run = CommandRun.of("demo", "--dir", dir.toString(), "--port", "0", "--rate", "0", "--exit");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out().lines().findFirst().orElse(""))
                .as("the dashboard's address comes first")
                .startsWith("Dashboard: http://127.0.0.1:");
        assertThat(run.out())
                .contains("curl -N http://127.0.0.1:")
                .contains("the server holds 1 grids, 1 atlases, 16 tiles")
                .contains("The server holds exactly what the microscope wrote, each entity once.");
        assertThat(dir.resolve("visit")).isDirectory();
        assertThat(dir.resolve("server")).isDirectory();
        assertThat(dir.resolve("agent")).isDirectory();
    }

    @Test
    void aFolderThatAlreadyHoldsSomethingIsRefusedWithItsName() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("used"));
        Files.writeString(dir.resolve("notes.txt"), "earlier work");

        CommandRun run = CommandRun.of("demo", "--dir", dir.toString(), "--port", "0", "--exit");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("sightline demo: --dir " + dir + " is not empty");
        assertThat(dir.resolve("notes.txt")).hasContent("earlier work");
    }

    @Test
    void aNegativeRateIsAUsageError() {
        CommandRun run = CommandRun.of("demo", "--dir", tmp.resolve("d").toString(), "--rate", "-1", "--exit");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("sightline demo:").contains("rate");
    }
}
