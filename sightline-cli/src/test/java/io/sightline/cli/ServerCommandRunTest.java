package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.cli.support.ExitCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sightline server} refuses an impossible setting before anything starts. */
class ServerCommandRunTest {

    @TempDir
    Path temp;

    @Test
    void anImpossibleSettingIsAUsageErrorNamingItAndNothingStarts() {
        CommandRun run =
                CommandRun.of("server", "--data-dir", temp.toString(), "--port", "0", "--event-retention", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("sightline server:").contains("eventLog must be positive");
        assertThat(temp.resolve("sightline.mv.db")).as("no database was opened").doesNotExist();
    }

    @Test
    void aReplayWindowThatCannotHoldTwoStreamQueuesIsAUsageErrorAndNothingStarts() {
        CommandRun run = CommandRun.of(
                "server",
                "--data-dir",
                temp.toString(),
                "--port",
                "0",
                "--stream-queue",
                "600",
                "--replay-events",
                "1000");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err())
                .contains("sightline server:")
                .contains("replay window (1000 events) must hold at least 2 stream queues (2 x 600 events)");
        assertThat(temp.resolve("sightline.mv.db")).as("no database was opened").doesNotExist();
    }
}
