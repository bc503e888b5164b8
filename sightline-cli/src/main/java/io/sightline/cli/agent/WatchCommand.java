package io.sightline.cli.agent;

import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.client.ApiFlavour;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.outbox.StoreException;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Logging;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sightline agent watch DIR --api-url URL}: watches a visit folder and delivers its entities,
 * until Ctrl-C (which stops watching, finishes queued files and delivers what it can).
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Watch an EPU visit folder and deliver grids, atlases, grid squares, foil holes and "
                    + "micrographs to a Sightline server (POST /api/v1/ingest).",
            "Every change is committed to a local outbox (H2 under --state-dir) before it is sent; while the "
                    + "server is away the outbox grows and is delivered in order when it returns.",
            "DIR may not exist yet: the agent waits for it."
        },
        footer = {
            "",
            "Exit codes: 0 stopped cleanly (Ctrl-C), 2 bad option value (e.g. a malformed --api-url), "
                    + "3 could not start (state directory in use or unwritable)."
        })
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The visit folder EPU writes to.")
    Path dir;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "Server base URL, e.g. http://server:8000 " + "(required unless --dry-run).")
    String apiUrl;

    @Option(names = "--token", paramLabel = "T", description = "Bearer token for the server.")
    String token;

    @Option(names = "--agent-id", paramLabel = "ID", description = "This agent's name (default: the host name).")
    String agentId;

    @Option(names = "--dry-run", description = "Talk to no server; print what would be sent.")
    boolean dryRun;

    @Option(names = "--polling-only", description = "No file-system events, rescans only (SMB/CIFS shares).")
    boolean pollingOnly;

    @Option(names = "--poll-interval", paramLabel = "S", description = "Seconds between full rescans (default: 10).")
    double pollInterval = 10;

    @Option(
            names = "--settle",
            paramLabel = "S",
            description = "Seconds a file must stay unchanged before it is " + "read (default: 1).")
    double settle = 1;

    @Option(names = "--log-interval", paramLabel = "S", description = "Seconds between status lines (default: 30).")
    double logInterval = 30;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "Where the outbox lives (default: " + "~/.sightline/agent).")
    Path stateDir;

    @Option(
            names = "--api-flavour",
            paramLabel = "F",
            description = "auto (ask the server's /status), sightline "
                    + "(batched POST /api/v1/ingest) or smartem (SmartEM's per-entity endpoints) (default: auto).")
    String apiFlavour = "auto";

    @Mixin
    SteeringOptions steering = new SteeringOptions();

    @Option(names = "-v", description = "More detail in the log (-v: debug, -vv: trace).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws Exception {
        Logging.longRunning();
        Logging.verbosity(verbose.length);
        AgentConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        }
        AgentRunner runner = new AgentRunner(config, line -> {
            PrintWriter out = spec.commandLine().getOut();
            out.println(line);
            out.flush();
        });
        LogForwarding.attach(runner.logSink());
        try {
            runner.start();
        } catch (StoreException e) {
            return fail(ExitCode.ENVIRONMENT, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            runner.close();
                            stopped.countDown();
                            spec.commandLine().getErr().flush();
                            // A clean stop: exit 0 rather than the JVM's 130 for an interrupt.
                            Runtime.getRuntime().halt(ExitCode.OK);
                        },
                        "sightline-agent-stop"));
        stopped.await();
        return ExitCode.OK;
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println("sightline agent watch: " + message);
        spec.commandLine().getErr().flush();
        return code;
    }

    AgentConfig config() {
        URI url = null;
        if (apiUrl != null) {
            try {
                url = BackendClient.validate(new URI(apiUrl));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--api-url is not a URL: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--api-url: " + e.getMessage());
            }
        } else if (!dryRun) {
            throw new IllegalArgumentException("--api-url is required (or --dry-run)");
        }
        String id = agentId != null ? agentId : hostName();
        AgentConfig config = (url == null ? AgentConfig.dryRun(dir, id) : AgentConfig.of(dir, url, id))
                .withToken(token)
                .withDryRun(dryRun)
                .withPollingOnly(pollingOnly)
                .withPollInterval(seconds("--poll-interval", pollInterval))
                .withSettle(seconds("--settle", settle))
                .withLogInterval(seconds("--log-interval", logInterval))
                .withApiFlavour(flavour());
        config = config.withSteering(steering.resolve());
        return stateDir == null ? config : config.withStateDir(stateDir);
    }

    ApiFlavour flavour() {
        try {
            return ApiFlavour.parse(apiFlavour);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--api-flavour: " + e.getMessage());
        }
    }

    private static Duration seconds(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(option + " must be a positive number of seconds, got " + value);
        }
        return Duration.ofMillis(Math.max(1, Math.round(value * 1000)));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agent";
        }
    }
}
