package io.sightline.cli.fastmon;

import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Logging;
import io.sightline.fastmon.FastmonAgent;
import io.sightline.fastmon.FastmonConfig;
import io.sightline.fastmon.StfReaders;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sightline fastmon}: the fast-monitoring agent of streaming detectors (issue 14). */
@Command(
        name = "fastmon",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Sample time frames (TF) from super time frames (STF) and register them with a Sightline server.",
            "Message mode (--amqp) consumes stf_ready (and data_ready) from RabbitMQ (amq.topic, key epictopic);",
            "directory mode (--watch) registers settled *.stf files. Registrations wait in a durable local queue",
            "(--state-dir), so server or broker outages lose nothing."
        })
public final class FastmonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--api-url", required = true, paramLabel = "URL", description = "The Sightline server.")
    URI apiUrl;

    @Option(names = "--token", paramLabel = "T", description = "API token (sent as 'Authorization: Token T').")
    String token;

    static final class Source {
        @Option(names = "--amqp", paramLabel = "URI", description = "RabbitMQ to consume stf_ready from.")
        String amqp;

        @Option(names = "--watch", paramLabel = "DIR", description = "Directory to watch for *.stf files.")
        Path watch;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
            names = "--samples-per-stf",
            paramLabel = "N",
            defaultValue = "7",
            description = "Samples per STF (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(
            names = "--fraction",
            paramLabel = "F",
            defaultValue = "0.15",
            description = "About this fraction of each STF's frames is sampled (default: ${DEFAULT-VALUE}).")
    double fraction;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Sampling seed: the same seed draws the same samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            defaultValue = "fastmon-state",
            description = "Local queue and agent name (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(
            names = "--topic",
            paramLabel = "KEY",
            defaultValue = "epictopic",
            description = "Routing key on amq.topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--queue",
            paramLabel = "NAME",
            defaultValue = "sightline.fastmon",
            description = "This agent's durable queue on the broker (default: ${DEFAULT-VALUE}).")
    String queue;

    @Option(
            names = "--namespace",
            paramLabel = "NS",
            description = "Testbed namespace: messages of another one are dropped.")
    String namespace;

    @Option(
            names = "--settle",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seconds a file must stay unchanged (default: ${DEFAULT-VALUE}).")
    double settle;

    @Option(names = "-v", description = "More detail in the log (-v: debug, -vv: trace).")
    boolean[] verbose = new boolean[0];

    @Override
    public Integer call() throws Exception {
        Logging.longRunning();
        Logging.verbosity(verbose.length);
        FastmonConfig config;
        try {
            config = new FastmonConfig(
                    apiUrl,
                    token,
                    source.amqp,
                    source.watch,
                    stateDir,
                    new FastmonConfig.Sampling(samples, fraction, seed),
                    new FastmonConfig.Bus(topic, queue, namespace),
                    new FastmonConfig.Timings(
                            Duration.ofMillis((long) (settle * 1000)),
                            FastmonConfig.Timings.DEFAULT.heartbeat(),
                            FastmonConfig.Timings.DEFAULT.firstRetry(),
                            FastmonConfig.Timings.DEFAULT.maxRetry()));
            new io.sightline.fastmon.sampling.PartitionSampler(samples, fraction, seed);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("sightline fastmon: " + e.getMessage());
            return ExitCode.USAGE;
        }
        FastmonAgent agent = new FastmonAgent(config, StfReaders.standard());
        try {
            agent.start();
        } catch (java.io.IOException | RuntimeException e) {
            agent.close();
            spec.commandLine().getErr().println("sightline fastmon: cannot start: " + e.getMessage());
            return ExitCode.ENVIRONMENT;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            agent.close();
                            spec.commandLine().getOut().println("sightline fastmon: stopped; " + agent.stats());
                            spec.commandLine().getOut().flush();
                            stopped.countDown();
                            Runtime.getRuntime().halt(ExitCode.OK);
                        },
                        "sightline-fastmon-stop"));
        stopped.await();
        return ExitCode.OK;
    }
}
