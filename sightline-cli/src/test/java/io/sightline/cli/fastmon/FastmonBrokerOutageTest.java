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
import io.sightline.server.testing.TcpProxy;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.daq.DaqSimulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A broker outage as the agent sees it (its connection cut by a proxy; the shared broker itself is not
 * touched): STFs announced meanwhile wait in the agent's durable queue on the broker and are all
 * registered once the agent is reconnected, none twice.
 */
class FastmonBrokerOutageTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void broker() {
        Broker.assumeReachable();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void stfsAnnouncedWhileTheAgentIsCutOffAreRegisteredOnceItIsBack(TestDatabase db) throws Exception {
        String sfx = UUID.randomUUID().toString().substring(0, 8);
        String key = "sl-fastmon-test-topic-" + sfx;
        String queue = "sl-fastmon-test-agent-" + sfx;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        try (TcpProxy proxy = new TcpProxy(Broker.HOST, Broker.PORT);
                TestServer server = TestServer.start(db);
                Connection conn = factory.newConnection();
                Channel ch = conn.createChannel()) {
            DaqSimulator.Bus bus = json -> ch.basicPublish(
                    "amq.topic",
                    key,
                    new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                    json.getBytes(StandardCharsets.UTF_8));
            FastmonConfig config = FastmonConfig.messages(
                            URI.create("http://127.0.0.1:" + server.port()),
                            null,
                            Broker.uri(proxy.port()),
                            tmp.resolve("state"))
                    .with(new FastmonConfig.Bus(key, queue, null))
                    .with(new FastmonConfig.Timings(
                            Duration.ofMillis(100),
                            Duration.ofSeconds(60),
                            Duration.ofMillis(100),
                            Duration.ofMillis(500)));
            try (FastmonAgent agent = new FastmonAgent(config, StfReaders.standard()).start()) {
                simulate(bus, 500, 3);
                await().atMost(Duration.ofSeconds(60)).until(() -> agent.stats().stfsRegistered() == 3);

                proxy.cut();
                simulate(bus, 501, 3);
                // the messages wait on the broker, in the agent's durable queue
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> ch.queueDeclarePassive(queue).getMessageCount() >= 3);
                assertThat(agent.stats().received()).isEqualTo(3);
                proxy.restore();

                await().atMost(Duration.ofSeconds(90)).until(() -> agent.stats().stfsRegistered() == 6);
                assertThat(server.get("/api/fastmon-files/?run_number=501").json())
                        .hasSize(3 * 7);
                assertThat(server.get("/api/fastmon-files/?limit=1")
                                .json()
                                .get("count")
                                .asInt())
                        .isEqualTo(6 * 7);
                assertThat(server.get("/api/stf-files/").json()).hasSize(6);
            } finally {
                ch.queueDelete(queue);
            }
        }
    }

    private static void simulate(DaqSimulator.Bus bus, long run, int stfs) throws Exception {
        new DaqSimulator(
                        new DaqSimulator.Settings(run, 1, stfs, Duration.ZERO, 100, null, 0, 1, null, null),
                        bus,
                        d -> {},
                        Clock.systemUTC())
                .run();
    }
}
