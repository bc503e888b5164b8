package io.sightline.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.server.ServerConfig;
import io.sightline.server.data.PathMap;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Test
    void theSlurmExecutorAndItsSiteDefaultsComeFromFlagsOverTheConfigFile() throws Exception {
        Path file = Files.writeString(
                temp.resolve("server.properties"),
                "pipeline-executor = slurm\nslurm-partition = debug\nslurm-memory = 4G\nslurm-time = 1:00:00\n");
        ServerCommand command = new ServerCommand();
        new CommandLine(command)
                .parseArgs(
                        "--config",
                        file.toString(),
                        "--data-dir",
                        temp.toString(),
                        "--slurm-memory",
                        "64G",
                        "--slurm-cpus",
                        "4");

        assertThat(command.pipelineSettings().executor().name()).isEqualTo("slurm");
        assertThat(command.pipelineExecutor.siteDefaults(command.store.settings()))
                .isEqualTo(new ResourceProfile("debug", null, null, 4, null, "64G", "1:00:00", Map.of()));
    }

    @Test
    void theLocalExecutorIsTheDefault() throws Exception {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs("--data-dir", temp.toString());
        assertThat(command.pipelineSettings().executor().name()).isEqualTo("local");
    }

    @Test
    void wrongPipelineExecutorValuesExitTwoNamingTheOption() throws Exception {
        Path badTemplate = Files.writeString(temp.resolve("qsub.sh"), "#!/bin/bash\n#SBATCH -p XXXqueueXXX\n");
        assertThat(refusal("--pipeline-executor", "pbs"))
                .contains("--pipeline-executor")
                .contains("'pbs'");
        assertThat(refusal("--slurm-partition", "debug")).contains("--slurm-partition needs --pipeline-executor slurm");
        assertThat(refusal("--local-array-tasks", "0"))
                .contains("--local-array-tasks")
                .contains("'0'");
        assertThat(refusal("--pipeline-executor", "slurm", "--local-array-tasks", "2"))
                .contains("--local-array-tasks needs --pipeline-executor local");
        assertThat(refusal("--pipeline-executor", "slurm", "--slurm-memory", "lots"))
                .contains("--slurm-memory")
                .contains("'lots'");
        assertThat(refusal("--pipeline-executor", "slurm", "--slurm-time", "soon"))
                .contains("--slurm-time");
        assertThat(refusal("--pipeline-executor", "slurm", "--slurm-cpus", "0")).contains("--slurm-cpus");
        assertThat(refusal("--pipeline-executor", "slurm", "--slurm-template", badTemplate.toString()))
                .contains("--slurm-template")
                .contains("line 2")
                .contains("XXXqueueXXX");
        assertThat(refusal(
                        "--pipeline-executor",
                        "slurm",
                        "--slurm-template",
                        temp.resolve("none.sh").toString()))
                .contains("--slurm-template")
                .contains("cannot be read");
    }

    /** Runs {@code sightline server ARGS}, expecting exit 2 before anything starts; returns standard error. */
    private String refusal(String... args) {
        StringWriter err = new StringWriter();
        List<String> all =
                new ArrayList<>(List.of("--data-dir", temp.resolve("refused").toString(), "--port", "0"));
        all.addAll(List.of(args));
        int code = new CommandLine(new ServerCommand())
                .setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        assertThat(code).as(err.toString()).isEqualTo(2);
        return err.toString();
    }
}
