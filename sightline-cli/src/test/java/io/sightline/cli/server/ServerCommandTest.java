package io.sightline.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sightline server}: where each setting comes from. */
class ServerCommandTest {

    @TempDir
    Path temp;

    @Test
    void retentionAndSteeringFlagsWinOverTheConfigFileWhichWinsOverDefaults() throws Exception {
        Path file =
                Files.writeString(temp.resolve("server.properties"), "event-retention = 60\nsteering-heartbeat = 5\n");
        ServerCommand command = new ServerCommand();
        new CommandLine(command)
                .parseArgs(
                        "--config",
                        file.toString(),
                        "--data-dir",
                        temp.toString(),
                        "--ingest-key-retention",
                        "2",
                        "--steering-heartbeat",
                        "9");

        ServerConfig config = command.config();

        assertThat(config.retention().ingestKeys()).as("flag").isEqualTo(Duration.ofDays(2));
        assertThat(config.retention().eventLog()).as("file").isEqualTo(Duration.ofDays(60));
        assertThat(config.steering().streamHeartbeat()).as("flag over file").isEqualTo(Duration.ofSeconds(9));
        assertThat(config.steering().checkInterval()).as("default").isEqualTo(Duration.ofSeconds(30));
    }
}
