package io.sightline.cli.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sightline.fastmon.FastmonAgent;
import io.sightline.fastmon.FastmonConfig;
import io.sightline.fastmon.StfReaders;
import io.sightline.fastmon.stream.StreamClient;
import io.sightline.fastmon.stream.StreamEvent;
import io.sightline.server.fastmon.SwfRelay;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.daq.DaqSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 14 end to end with real RabbitMQ and a real database: DAQ simulator → RabbitMQ → fast-monitoring
 * agent → server → stream client. Every STF yields its samples exactly once, with their invariants,
 * although the stream client drops its connection midway, the server is stopped and started again in
 * the middle of a run, and malformed messages arrive among the good ones.
 */
class FastmonEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SAMPLES = 7;
    private static final int TF_PER_STF = 200;

    @TempDir
    Path tmp;

    @BeforeEach
    void broker() {
        Broker.assumeReachable();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void everyStfYieldsItsSamplesExactlyOnceAcrossDropsRestartsAndBadMessages(TestDatabase db) throws Exception {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String key = "sl-fastmon-test-topic-" + sfx;
        String agentQueue = "sl-fastmon-test-agent-" + sfx;
        String relayQueue = "sl-fastmon-test-relay-" + sfx;
        int port = db.toString().contains("H2") ? 18511 : 18512;
        SwfRelay.Settings relay = new SwfRelay.Settings(Broker.uri(Broker.PORT), relayQueue, key, "torre1");
        URI api = URI.create("http://127.0.0.1:" + port);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        List<StreamEvent> received = new CopyOnWriteArrayList<>();
        try (Connection conn = factory.newConnection();
                Channel ch = conn.createChannel()) {
            DaqSimulator.Bus bus = json -> ch.basicPublish(
                    "amq.topic",
                    key,
                    new com.rabbitmq.client.AMQP.BasicProperties.Builder()
                            .deliveryMode(2)
                            .build(),
                    json.getBytes(StandardCharsets.UTF_8));
            TestServer[] server = {TestServer.startSharing(db, c -> c.withPort(port), b -> b.swfRelay(relay))};
            FastmonConfig config = FastmonConfig.messages(api, null, Broker.uri(Broker.PORT), tmp.resolve("state"))
                    .with(new FastmonConfig.Sampling(SAMPLES, 0.2, 42))
                    .with(new FastmonConfig.Bus(key, agentQueue, "torre1"))
                    .with(new FastmonConfig.Timings(
                            Duration.ofMillis(100),
                            Duration.ofSeconds(60),
                            Duration.ofMillis(100),
                            Duration.ofMillis(500)));
            try (FastmonAgent agent = new FastmonAgent(config, StfReaders.standard()).start();
                    StreamClient client = new StreamClient(
                                    new StreamClient.Target(api, null, "tf_file_registered", null, null),
                                    null,
                                    received::add)
                            .start()) {
                await().atMost(Duration.ofSeconds(20)).until(() -> client.connects() == 1);

                // malformed messages first: each is logged once and none stops the agent
                bus.publish("{\"msg_type\":\"stf_ready\",\"run_id\":1}");
                bus.publish(
                        "{\"msg_type\":\"stf_ready\",\"filename\":\"swf.000001.000001.stf\",\"tf_count\":\"many\"}");
                bus.publish("{\"msg_type\":\"no_such_type\",\"filename\":\"x.stf\"}");
                bus.publish(
                        "{\"msg_type\":\"stf_ready\",\"filename\":\"swf.000001.000002.stf\",\"namespace\":\"other\"}");
                bus.publish("][ not json");

                simulate(bus, 1000, 1, 4, null);
                await().atMost(Duration.ofSeconds(60)).until(() -> tfEvents(received) >= 4 * SAMPLES);
                client.dropConnection(); // a network failure: the client resumes with Last-Event-ID
                simulate(bus, 1001, 1, 3, null);
                await().atMost(Duration.ofSeconds(60)).until(() -> agent.stats().stfsRegistered() == 7);

                server[0].close(); // mid-run: the agent keeps queueing, the stream client keeps retrying
                Path files = Files.createDirectories(tmp.resolve("stf"));
                simulate(bus, 1002, 1, 3, files);
                await().atMost(Duration.ofSeconds(60)).until(() -> agent.stats().received() == 10);
                assertThat(agent.stats().stfsRegistered()).isEqualTo(7);
                server[0] = TestServer.startSharing(db, c -> c.withPort(port), b -> b.swfRelay(relay));

                await().atMost(Duration.ofSeconds(90)).until(() -> tfEvents(received) >= 10 * SAMPLES);
                assertThat(agent.stats().malformed()).isEqualTo(5);
                assertThat(client.connects()).isGreaterThanOrEqualTo(3);

                Map<String, Integer> perStf = new HashMap<>();
                List<String> names = received.stream()
                        .filter(e -> e.event().equals("tf_file_registered"))
                        .map(e -> {
                            JsonNode m = read(e.data());
                            perStf.merge(m.get("stf_filename").asText(), 1, Integer::sum);
                            assertThat(m.get("run_number").asLong()).isBetween(1000L, 1002L);
                            int first = m.get("tf_first").asInt();
                            int last = m.get("tf_last").asInt();
                            assertThat(first).isBetween(0, last);
                            assertThat(last).isLessThan(TF_PER_STF);
                            assertThat(m.get("tf_count").asInt()).isEqualTo(last - first + 1);
                            return m.get("tf_filename").asText();
                        })
                        .toList();
                assertThat(names).doesNotHaveDuplicates().hasSize(10 * SAMPLES);
                assertThat(perStf)
                        .hasSize(10)
                        .allSatisfy((stf, n) -> assertThat(n).isEqualTo(SAMPLES));
                List<Long> ids = received.stream()
                        .filter(e -> e.id() != null)
                        .map(e -> Long.parseLong(e.id()))
                        .toList();
                assertThat(ids).isSorted().doesNotHaveDuplicates();

                JsonNode stored = server[0].get("/api/fastmon-files/?limit=1").json();
                assertThat(stored.get("count").asInt()).isEqualTo(10 * SAMPLES);
                JsonNode written =
                        server[0].get("/api/fastmon-files/?run_number=1002").json();
                assertThat(written).hasSize(3 * SAMPLES);
                // those STFs were written to disk: the agent read the bytes of each sample
                assertThat(written)
                        .allSatisfy(
                                tf -> assertThat(tf.get("checksum").asText()).startsWith("ad:"));
                assertThat(server[0]
                                .get("/api/stf-files/?run_number=1002")
                                .json()
                                .get(0)
                                .get("checksum")
                                .asText())
                        .startsWith("ad:");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> server[0].get("/api/systemagents/").json().size() >= 1);
            } finally {
                server[0].close();
                ch.queueDelete(agentQueue);
                ch.queueDelete(relayQueue);
            }
        }
    }

    private static long tfEvents(List<StreamEvent> events) {
        return events.stream()
                .filter(e -> e.event().equals("tf_file_registered"))
                .count();
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void simulate(DaqSimulator.Bus bus, long run, int runs, int stfs, Path writeDir) throws Exception {
        new DaqSimulator(
                        new DaqSimulator.Settings(
                                run,
                                runs,
                                stfs,
                                Duration.ZERO,
                                TF_PER_STF,
                                writeDir,
                                4_000,
                                7,
                                "daqsim-test",
                                "torre1"),
                        bus,
                        d -> {},
                        Clock.systemUTC())
                .run();
    }
}
