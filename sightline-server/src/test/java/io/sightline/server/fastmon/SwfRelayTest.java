package io.sightline.server.fastmon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.Broker;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Messages published on RabbitMQ's {@code amq.topic} (where the STOMP plugin puts {@code /topic/X}) reach
 * the stream with the same envelope as REST ones; bad ones are dropped without stopping the relay;
 * nothing published while the server is down is lost.
 */
class SwfRelayTest {

    @BeforeEach
    void broker() {
        Broker.assumeReachable();
    }

    /** Relay settings with a queue and routing key of their own, so parallel runs never share them. */
    private static SwfRelay.Settings uniqueRelay(String prefix) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return new SwfRelay.Settings(Broker.uri(Broker.PORT), prefix + suffix, prefix + "topic-" + suffix, "torre1");
    }

    private static void publish(Channel ch, String key, String body, String messageId) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .messageId(messageId)
                .deliveryMode(2)
                .build();
        ch.basicPublish(SwfRelay.EXCHANGE, key, props, body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void busMessagesReachTheStreamOnceAndBadOnesNeverStopTheRelay(TestDatabase db) throws Exception {
        SwfRelay.Settings settings = uniqueRelay("sl-fastmon-test-");
        String queue = settings.queue();
        String key = settings.routingKey();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        try (Connection conn = factory.newConnection();
                Channel ch = conn.createChannel()) {
            try {
                String stream;
                try (TestServer s = TestServer.startSharing(db, c -> c, b -> b.swfRelay(settings));
                        SseRecorder rec = SseRecorder.open(s.uri("/api/messages/stream/"))) {
                    stream = "/api/messages/stream/";
                    String id = UUID.randomUUID().toString();
                    publish(
                            ch,
                            key,
                            "{\"msg_type\":\"stf_ready\",\"filename\":\"a.stf\",\"namespace\":\"torre1\"}",
                            id);
                    publish(
                            ch,
                            key,
                            "{\"msg_type\":\"stf_ready\",\"filename\":\"a.stf\",\"namespace\":\"torre1\"}",
                            id);
                    publish(ch, key, "not json at all", null);
                    publish(ch, key, "{\"filename\":\"no type\"}", null);
                    publish(ch, key, "{\"msg_type\":42}", null);
                    publish(ch, key, "{\"msg_type\":\"stf_ready\",\"namespace\":\"elsewhere\"}", null);
                    publish(ch, key, "{\"msg_type\":\"end_run\",\"run_id\":5}", null);
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> rec.events().size() == 2);
                    assertThat(rec.events().stream().map(SseRecorder.Message::event))
                            .containsExactly("stf_ready", "end_run");
                    assertThat(rec.events().getFirst().data()).contains("\"message_id\":\"" + id + "\"");
                    assertThat(rec.events().getFirst().data()).contains("\"namespace\":\"torre1\"");
                }
                // published while no server runs: the durable queue keeps it for the next start
                publish(
                        ch,
                        key,
                        "{\"msg_type\":\"start_run\",\"run_id\":6}",
                        UUID.randomUUID().toString());
                try (TestServer s = TestServer.startSharing(db, c -> c, b -> b.swfRelay(settings));
                        SseRecorder rec = SseRecorder.open(s.uri(stream + "?msg_types=start_run"))) {
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> s.get("/api/messages/stream/status/").status() == 200
                                    && countMessages(db, "start_run") == 1);
                    try (SseRecorder replay = SseRecorder.open(
                            s.uri(stream + "?msg_types=start_run"), java.util.Map.of("Last-Event-ID", "0"))) {
                        await().atMost(Duration.ofSeconds(20))
                                .until(() -> replay.events().size() == 1);
                    }
                }
            } finally {
                ch.queueDelete(queue);
            }
        }
    }

    /**
     * What the reference agent really published over STOMP (captured through RabbitMQ's STOMP plugin,
     * {@code swf/stomp-agent-messages.jsonl}), replayed as the plugin hands it to AMQP: a bare body with
     * no content type and no message id. Every message reaches the stream once, named by its msg_type,
     * with the fields the reference SSE client prints.
     */
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void theReferenceAgentsStompMessagesReachTheStream(TestDatabase db) throws Exception {
        java.util.List<String> bodies;
        try (var in = SwfRelayTest.class.getResourceAsStream("/swf/stomp-agent-messages.jsonl")) {
            bodies = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
        }
        assertThat(bodies).hasSize(14);
        SwfRelay.Settings settings = uniqueRelay("sl-fastmon-stomp-");
        String queue = settings.queue();
        String key = settings.routingKey();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(Broker.uri(Broker.PORT));
        try (Connection conn = factory.newConnection();
                Channel ch = conn.createChannel();
                TestServer s = TestServer.startSharing(db, c -> c, b -> b.swfRelay(settings));
                SseRecorder rec = SseRecorder.open(s.uri("/api/messages/stream/?msg_types=tf_file_registered"))) {
            try {
                for (String body : bodies) {
                    ch.basicPublish(SwfRelay.EXCHANGE, key, null, body.getBytes(StandardCharsets.UTF_8));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> rec.events().size() >= bodies.size());
                assertThat(rec.events()).hasSize(bodies.size());
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                for (int i = 0; i < bodies.size(); i++) {
                    SseRecorder.Message event = rec.events().get(i);
                    assertThat(event.event()).isEqualTo("tf_file_registered");
                    var sent = mapper.readTree(bodies.get(i));
                    var got = mapper.readTree(event.data());
                    for (String field :
                            java.util.List.of("tf_filename", "stf_filename", "status", "timestamp", "run_number")) {
                        assertThat(got.get(field)).as(field).isEqualTo(sent.get(field));
                    }
                    assertThat(got.get("file_size_bytes").isIntegralNumber()).isTrue();
                }
            } finally {
                ch.queueDelete(queue);
            }
        }
    }

    private static int countMessages(TestDatabase db, String type) throws Exception {
        try (var c = db.dataSource().getConnection();
                var ps = c.prepareStatement("SELECT COUNT(*) FROM swf_workflow_messages WHERE message_type = ?")) {
            ps.setString(1, type);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
