package io.sightline.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.ServerConfig;
import io.sightline.server.data.PathMap;
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

    @Test
    void storageRootsAndPathMapsComeFromRepeatedFlagsOrTheConfigFile() throws Exception {
        Path a = Files.createDirectories(temp.resolve("a"));
        Path b = Files.createDirectories(temp.resolve("b"));
        Path file = Files.writeString(
                temp.resolve("server.properties"),
                "storage-root = " + a + ";" + b + "\npath-map = Y:\\\\=" + a + "\nrender-cache-mb = 3\n");
        ServerCommand fromFile = new ServerCommand();
        new CommandLine(fromFile).parseArgs("--config", file.toString(), "--data-dir", temp.toString());
        ServerConfig config = fromFile.config();
        assertThat(config.storage().roots()).containsExactly(a, b);
        assertThat(config.storage().pathMaps()).containsExactly(PathMap.parse("Y:\\=" + a));
        assertThat(config.storage().renderCacheBytes()).isEqualTo(3L << 20);

        ServerCommand flags = new ServerCommand();
        new CommandLine(flags)
                .parseArgs(
                        "--config", file.toString(),
                        "--data-dir", temp.toString(),
                        "--storage-root", b.toString(),
                        "--path-map", "Z:\\=" + b,
                        "--path-map", "\\\\pc\\share=" + a);
        ServerConfig flagged = flags.config();
        assertThat(flagged.storage().roots()).as("flags over file").containsExactly(b);
        assertThat(flagged.storage().pathMaps())
                .containsExactly(PathMap.parse("Z:\\=" + b), PathMap.parse("\\\\pc\\share=" + a));
    }
}
