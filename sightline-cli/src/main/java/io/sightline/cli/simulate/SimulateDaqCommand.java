package io.sightline.cli.simulate;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sightline.cli.support.ExitCode;
import io.sightline.simulate.daq.DaqSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sightline simulate daq}: the DAQ side of the streaming testbed, on RabbitMQ. */
@Command(
        name = "daq",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Send run_imminent, start_run, stf_gen/stf_ready every interval, pause/resume and end_run"
                + " to RabbitMQ (amq.topic, key epictopic); optionally write the STF files.")
public final class SimulateDaqCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--amqp", required = true, paramLabel = "URI", description = "RabbitMQ URI.")
    String amqp;

    @Option(names = "--runs", defaultValue = "1", paramLabel = "R", description = "Runs (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--first-run",
            defaultValue = "100010",
            paramLabel = "N",
            description = "First run number (default: ${DEFAULT-VALUE}).")
    long firstRun;

    @Option(
            names = "--stf-per-run",
            defaultValue = "10",
            paramLabel = "N",
            description = "STFs per run (default: ${DEFAULT-VALUE}).")
    int stfPerRun;

    @Option(
            names = "--interval",
            defaultValue = "2",
            paramLabel = "S",
            description = "Seconds between STFs; 0.17 is ePIC's 6 STF/s (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(
            names = "--tf-per-stf",
            defaultValue = "1000",
            paramLabel = "T",
            description = "Time frames per STF (default: ${DEFAULT-VALUE}).")
    int tfPerStf;

    @Option(names = "--write-stf", paramLabel = "DIR", description = "Write each STF into this directory.")
    Path writeDir;

    @Option(
            names = "--stf-size",
            defaultValue = "1000000",
            paramLabel = "BYTES",
            description = "Size of each written STF (default: ${DEFAULT-VALUE}).")
    long stfSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the written content.")
    long seed;

    @Option(
            names = "--topic",
            defaultValue = "epictopic",
            paramLabel = "KEY",
            description = "Routing key (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--namespace", paramLabel = "NS", description = "Namespace put on every message.")
    String namespace;

    @Override
    public Integer call() throws Exception {
        if (writeDir != null) {
            Files.createDirectories(writeDir);
        }
        DaqSimulator.Settings settings;
        try {
            settings = new DaqSimulator.Settings(
                    firstRun,
                    runs,
                    stfPerRun,
                    Duration.ofNanos((long) (interval * 1e9)),
                    tfPerStf,
                    writeDir,
                    stfSize,
                    seed,
                    null,
                    namespace);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("sightline simulate daq: " + e.getMessage());
            return ExitCode.USAGE;
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(amqp);
        try (Connection connection = factory.newConnection("sightline-simulate-daq");
                Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .contentType("application/json")
                    .deliveryMode(2)
                    .build();
            DaqSimulator.Summary summary = new DaqSimulator(
                            settings,
                            json -> {
                                channel.basicPublish("amq.topic", topic, props, json.getBytes(StandardCharsets.UTF_8));
                                spec.commandLine().getOut().println(json);
                            },
                            d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000),
                            Clock.systemUTC())
                    .run();
            channel.waitForConfirmsOrDie(30_000);
            spec.commandLine()
                    .getOut()
                    .println("sent " + summary.stfs() + " STFs in " + summary.runs() + " runs"
                            + (writeDir == null ? "" : ", wrote " + summary.bytesWritten() + " bytes to " + writeDir));
        }
        return ExitCode.OK;
    }
}
