package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import io.sightline.agent.client.BackendClient;
import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.testing.CapturedLog;
import io.sightline.core.wire.EntityType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel's wiring over real HTTP: session opening, the stream, acks, heartbeats and log batches reach
 * the paths of docs/steering.md. The endpoint is a transport fixture that answers fixed bytes, not the
 * server's logic (the end-to-end tests against the real server live in sightline-cli).
 */
class SteerChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void close() {
        stop.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private URI startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(
                Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/", exchange -> {
            String line =
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(line);
            bodies.add(line + " " + body);
            try (exchange) {
                if (line.equals("POST /agent/krios%201/sessions")) {
                    byte[] b = "{\"session_id\":\"s-1\",\"agent_id\":\"krios 1\",\"status\":\"active\"}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(201, b.length);
                    exchange.getResponseBody().write(b);
                } else if (line.endsWith("/instructions/stream")) {
                    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                    exchange.sendResponseHeaders(200, 0);
                    exchange.getResponseBody()
                            .write(("event: connection\ndata: {\"type\":\"connection\"}\n\n"
                                            + "event: instruction\nid: i-1\ndata: {\"type\":\"instruction\",\"instruction_id\":\"i-1\","
                                            + "\"instruction_type\":\"agent.status.request\",\"payload\":{}}\n\n")
                                    .getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    stop.await(30, TimeUnit.SECONDS);
                } else {
                    byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, b.length);
                    exchange.getResponseBody().write(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void opensItsSessionStreamsAcknowledgesBeatsAndShipsLogs() throws Exception {
        URI url = startServer();
        LogShipper logs = new LogShipper(100, 10, Duration.ofMillis(20), Clock.systemUTC());
        logs.accept(new LogEntry(java.time.Instant.now(), "INFO", "io.sightline.test", "before the session"));
        HandlerRegistry handlers = HandlerRegistry.builder()
                .on(
                        "agent.status.request",
                        i -> new Outcome.Processed(
                                JsonNodeFactory.instance.objectNode().put("ok", true)))
                .build();
        try (AgentStore store = AgentStore.inMemory("channel-" + UUID.randomUUID());
                SteeringChannel channel = new SteeringChannel(
                        new BackendClient(url, null, Duration.ofSeconds(5)),
                        "krios 1",
                        SteeringConfig.DEFAULTS.withHeartbeatInterval(Duration.ofMillis(20)),
                        store,
                        logs,
                        session -> handlers)) {
            store.append(
                    List.of(
                            new EntityChange(EntityType.ACQUISITION, "a-1", Map.of("name", "visit")),
                            new EntityChange(EntityType.GRID, "g-1", Map.of("acquisition_uuid", "a-1"))),
                    Map.of());
            channel.start();
            assertThat(channel.awaitSession(WAIT)).isTrue();
            assertThat(channel.sessionId()).contains("s-1");

            String ack = "POST /agent/krios%201/session/s-1/instructions/i-1/ack";
            await().atMost(WAIT)
                    .until(() -> requests.stream().filter(ack::equals).count() == 2);
            assertThat(bodies)
                    .filteredOn(b -> b.startsWith(ack))
                    .extracting(b -> b.substring(ack.length() + 1))
                    .first()
                    .isEqualTo("{\"status\":\"received\"}");
            assertThat(bodies)
                    .filteredOn(b -> b.startsWith(ack))
                    .last()
                    .asString()
                    .contains("\"status\":\"processed\"", "\"result\":\"{\\\"ok\\\":true}\"");
            await().atMost(WAIT).until(() -> requests.contains("POST /agent/krios%201/session/s-1/heartbeat"));
            assertThat(bodies)
                    .filteredOn(b -> b.startsWith("POST /agent/krios%201/session/s-1/heartbeat"))
                    .first()
                    .asString()
                    .as("the heartbeat reports the outbox")
                    .contains("\"outbox_depth\":2", "\"outbox_parked\":0", "\"outbox_oldest_undelivered_seconds\":");
            await().atMost(WAIT)
                    .until(() -> bodies.stream()
                            .anyMatch(b -> b.startsWith("POST /agent/krios%201/session/s-1/logs")
                                    && b.contains("before the session")));
            assertThat(requests.get(0)).isEqualTo("POST /agent/krios%201/sessions");
        }
    }

    @Test
    void aServerNotThereIsNamedInTheWarningWithWhatHappened() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        try (CapturedLog log = new CapturedLog(SteeringChannel.class);
                AgentStore store = AgentStore.inMemory("channel-" + UUID.randomUUID());
                SteeringChannel channel = new SteeringChannel(
                        new BackendClient(url, null, Duration.ofSeconds(5)),
                        "krios 1",
                        SteeringConfig.DEFAULTS,
                        store,
                        new LogShipper(10, 10, Duration.ofSeconds(1), Clock.systemUTC()),
                        session -> HandlerRegistry.builder().build())) {
            channel.start();
            await().atMost(WAIT).until(() -> !log.messages(Level.WARN).isEmpty());
            assertThat(log.messages(Level.WARN).getFirst())
                    .startsWith("cannot open a steering session on " + url + " yet (could not connect")
                    .doesNotContain("null");
        }
    }

    @Test
    void aGivenSessionIdIsJoinedWithoutOpeningOne() throws Exception {
        URI url = startServer();
        try (AgentStore store = AgentStore.inMemory("channel-" + UUID.randomUUID());
                SteeringChannel channel = new SteeringChannel(
                        new BackendClient(url, null, Duration.ofSeconds(5)),
                        "krios 1",
                        SteeringConfig.DEFAULTS.withSessionId("given-7").withHeartbeatInterval(Duration.ZERO),
                        store,
                        new LogShipper(10, 10, Duration.ofSeconds(1), Clock.systemUTC()),
                        session -> HandlerRegistry.builder().build())) {
            channel.start();
            assertThat(channel.awaitSession(WAIT)).isTrue();
            await().atMost(WAIT)
                    .until(() -> requests.contains("GET /agent/krios%201/session/given-7/instructions/stream"));
            assertThat(requests).noneMatch(r -> r.endsWith("/sessions"));
        }
    }
}
