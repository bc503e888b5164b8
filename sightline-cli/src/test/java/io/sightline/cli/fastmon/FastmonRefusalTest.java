package io.sightline.cli.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sightline.fastmon.FastmonAgent;
import io.sightline.fastmon.FastmonConfig;
import io.sightline.fastmon.StfReaders;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A registration the server refuses for good (here: samples beyond the frames the server knows the STF
 * has) is parked with the server's answer, and the STFs behind it are registered: one bad item never
 * blocks the rest.
 */
class FastmonRefusalTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void broker() {
        Broker.assumeReachable();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aRefusedRegistrationIsParkedAndTheNextOnesGoThrough(TestDatabase db) throws Exception {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String key = "sl-fastmon-test-topic-" + sfx;
        String queue = "sl-fastmon-test-agent-" + sfx;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        try (TestServer server = TestServer.start(db);
                Connection conn = factory.newConnection();
                Channel ch = conn.createChannel()) {
            long runId = server.post("/api/runs/", "{\"run_number\":600}")
                    .json()
                    .get("run_id")
                    .asLong();
            assertThat(server.post(
                                    "/api/stf-files/",
                                    "{\"run\":" + runId
                                            + ",\"stf_filename\":\"swf.000600.000001.stf\",\"tf_count\":10}")
                            .status())
                    .isEqualTo(201);
            FastmonConfig config = FastmonConfig.messages(
                            URI.create("http://127.0.0.1:" + server.port()),
                            null,
                            Broker.uri(Broker.PORT),
                            tmp.resolve("state"))
                    .with(new FastmonConfig.Bus(key, queue, null))
                    .with(new FastmonConfig.Timings(
                            Duration.ofMillis(100),
                            Duration.ofSeconds(60),
                            Duration.ofMillis(100),
                            Duration.ofMillis(500)));
            try (FastmonAgent agent = new FastmonAgent(config, StfReaders.standard()).start()) {
                for (int seq = 1; seq <= 3; seq++) {
                    String msg =
                            "{\"msg_type\":\"stf_ready\",\"run_id\":600,\"tf_count\":1000,\"filename\":\"swf.000600.00000"
                                    + seq + ".stf\"}";
                    ch.basicPublish(
                            "amq.topic",
                            key,
                            new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                            msg.getBytes(StandardCharsets.UTF_8));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> agent.stats().stfsRegistered() == 2);
                assertThat(agent.stats().parked()).isEqualTo(1);
                assertThat(agent.stats().queueDepth()).isZero();
            } finally {
                ch.queueDelete(queue);
            }
            assertThat(server.get("/api/fastmon-files/?stf_filename=swf.000600.000001.stf")
                            .json())
                    .isEmpty();
            assertThat(server.get("/api/fastmon-files/?run_number=600").json()).hasSize(2 * 7);
            Path parked = tmp.resolve("state").resolve("parked");
            try (var files = Files.list(parked)) {
                String reason = Files.readString(files.filter(p -> p.toString().endsWith(".reason"))
                        .findFirst()
                        .orElseThrow());
                assertThat(reason).startsWith("400").contains("tf_last");
            }
        }
    }
}
