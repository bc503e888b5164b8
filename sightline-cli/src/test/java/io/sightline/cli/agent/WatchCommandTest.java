package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.agent.AgentConfig;
import io.sightline.agent.client.ApiFlavour;
import io.sightline.cli.support.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WatchCommandTest {
    @TempDir
    Path temp;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new WatchCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void aMalformedApiUrlIsAUsageErrorWithOneLine() {
        int code = run(
                temp.toString(),
                "--api-url",
                "server:8000",
                "--state-dir",
                temp.resolve("s").toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().strip())
                .startsWith("sightline agent watch: --api-url")
                .doesNotContain("\n");
    }

    @Test
    void aMissingApiUrlWithoutDryRunIsAUsageError() {
        assertThat(run(temp.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--api-url is required");
    }

    @Test
    void aStateDirectoryThatCannotBeCreatedIsAnEnvironmentError() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        int code = run(
                temp.toString(),
                "--api-url",
                "http://127.0.0.1:1",
                "--state-dir",
                file.resolve("s").toString());

        assertThat(code).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(err.toString()).contains("cannot open the agent state");
    }

    @Test
    void dryRunNeedsNoApiUrl() {
        WatchCommand command = new WatchCommand();
        new CommandLine(command).parseArgs(temp.toString(), "--dry-run");

        assertThat(command.config().dryRun()).isTrue();
        assertThat(command.config().apiUrl()).isNull();
    }

    @Test
    void flagsBecomeTheAgentsConfigurationAndAMissingFolderIsNotAnError() {
        WatchCommand command = new WatchCommand();
        new CommandLine(command)
                .parseArgs(
                        temp.resolve("not-yet").toString(),
                        "--api-url",
                        "https://sightline.example:8443/",
                        "--token",
                        "secret",
                        "--agent-id",
                        "krios-1",
                        "--polling-only",
                        "--poll-interval",
                        "2.5",
                        "--settle",
                        "0.2",
                        "--log-interval",
                        "5",
                        "--state-dir",
                        temp.resolve("state").toString());

        AgentConfig config = command.config();

        assertThat(config.apiUrl()).hasToString("https://sightline.example:8443");
        assertThat(config.agentId()).isEqualTo("krios-1");
        assertThat(config.pollingOnly()).isTrue();
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.settle()).isEqualTo(Duration.ofMillis(200));
        assertThat(config.describe()).contains("****").doesNotContain("secret");
    }

    @Test
    void vCountsTowardsVerbosityAsVAndVv() {
        WatchCommand once = new WatchCommand();
        new CommandLine(once).parseArgs(temp.toString(), "--dry-run", "-v");
        WatchCommand twice = new WatchCommand();
        new CommandLine(twice).parseArgs(temp.toString(), "--dry-run", "-vv");

        assertThat(once.verbose).hasSize(1);
        assertThat(twice.verbose).hasSize(2);
    }

    @Test
    void theApiFlavourIsAutoUnlessChosenAndAnUnknownOneIsAUsageError() {
        WatchCommand auto = new WatchCommand();
        new CommandLine(auto).parseArgs(temp.toString(), "--dry-run");
        WatchCommand smartem = new WatchCommand();
        new CommandLine(smartem).parseArgs(temp.toString(), "--dry-run", "--api-flavour", "SmartEM");

        assertThat(auto.flavour()).isEqualTo(ApiFlavour.AUTO);
        assertThat(smartem.flavour()).isEqualTo(ApiFlavour.SMARTEM);
        assertThat(run(temp.toString(), "--dry-run", "--api-flavour", "soap")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--api-flavour").contains("auto, sightline or smartem");
    }

    @Test
    void steeringOptionsBecomeTheAgentsSteeringSettings() {
        WatchCommand command = new WatchCommand();
        command.steering.environment = java.util.Map.of();
        new CommandLine(command)
                .parseArgs(
                        temp.toString(),
                        "--api-url",
                        "http://127.0.0.1:8000",
                        "--session-id",
                        "s-1",
                        "--heartbeat-interval",
                        "0",
                        "--sse-timeout",
                        "12.5",
                        "--athena-url",
                        "http://epu-pc:5000/");

        AgentConfig config = command.config();

        assertThat(config.sessionId()).isEqualTo("s-1");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ZERO);
        assertThat(config.sseTimeout()).isEqualTo(Duration.ofMillis(12500));
        assertThat(config.athenaUrl()).hasToString("http://epu-pc:5000");
    }

    @Test
    void steeringSettingsComeFromTheEnvironmentWhenNoFlagIsGivenElseDefaults() {
        WatchCommand command = new WatchCommand();
        command.steering.environment =
                java.util.Map.of("SIGHTLINE_SSE_TIMEOUT", "5", "SIGHTLINE_ATHENA_URL", "http://a:1");
        new CommandLine(command).parseArgs(temp.toString(), "--api-url", "http://127.0.0.1:8000", "--sse-timeout", "7");

        AgentConfig config = command.config();

        assertThat(config.sseTimeout()).as("the flag wins").isEqualTo(Duration.ofSeconds(7));
        assertThat(config.athenaUrl()).hasToString("http://a:1");
        assertThat(config.sessionId()).isNull();
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aZeroSseTimeoutOrABadAthenaUrlIsAUsageError() {
        assertThat(run(temp.toString(), "--api-url", "http://127.0.0.1:1", "--sse-timeout", "0"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--sse-timeout must be a positive number of seconds");
        assertThat(run(temp.toString(), "--api-url", "http://127.0.0.1:1", "--athena-url", "epu-pc"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--athena-url");
    }
}
