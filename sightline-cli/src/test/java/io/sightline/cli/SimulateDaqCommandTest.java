package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.stf.SimulatedStf;
import io.sightline.server.testing.Broker;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sightline simulate daq} on the real RabbitMQ: a run's messages in order, and the STF files. */
class SimulateDaqCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aRunGoesOutInTheTestbedsOrderAndItsStfFilesAreWritten() throws Exception {
        Broker.assumeReachable();
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String key = "sl-fastmon-test-topic-" + sfx;
        String queue = "sl-fastmon-test-daq-" + sfx;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        try (Connection conn = factory.newConnection();
                Channel ch = conn.createChannel()) {
            ch.queueDeclare(queue, false, true, true, null);
            ch.queueBind(queue, "amq.topic", key);
            try {
                CommandRun run = CommandRun.of(
                        "simulate",
                        "daq",
                        "--amqp",
                        Broker.uri(Broker.PORT),
                        "--topic",
                        key,
                        "--first-run",
                        "42",
                        "--stf-per-run",
                        "4",
                        "--interval",
                        "0",
                        "--tf-per-stf",
                        "10",
                        "--stf-size",
                        "4000",
                        "--write-stf",
                        tmp.toString(),
                        "--namespace",
                        "torre1");
                assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
                assertThat(run.out()).contains("sent 4 STFs in 1 runs");

                List<String> types = new ArrayList<>();
                for (GetResponse r; (r = ch.basicGet(queue, true)) != null; ) {
                    var msg = JSON.readTree(r.getBody());
                    assertThat(msg.get("namespace").asText()).isEqualTo("torre1");
                    assertThat(msg.get("run_id").asLong()).isEqualTo(42);
                    types.add(msg.get("msg_type").asText());
                }
                assertThat(types)
                        .containsExactly(
                                "run_imminent",
                                "start_run",
                                "stf_gen",
                                "stf_ready",
                                "stf_gen",
                                "stf_ready",
                                "pause_run",
                                "resume_run",
                                "stf_gen",
                                "stf_ready",
                                "stf_gen",
                                "stf_ready",
                                "end_run");
            } finally {
                ch.queueDelete(queue);
            }
        }
        Path stf = tmp.resolve("swf.000042.000003.stf");
        try (InputStream in = Files.newInputStream(stf)) {
            assertThat(SimulatedStf.readHeader(in)).hasValueSatisfying(h -> {
                assertThat(h.tfCount()).isEqualTo(10);
                assertThat(h.seq()).isEqualTo(3);
            });
        }
        assertThat(Files.size(stf)).isGreaterThanOrEqualTo(4000);
    }

    @Test
    void nonsenseCountsAreAUsageError() {
        CommandRun run = CommandRun.of("simulate", "daq", "--amqp", "amqp://127.0.0.1:1", "--runs", "0");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains(">= 1");
    }
}
