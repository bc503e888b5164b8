package io.sightline.server.steering;

import static io.sightline.server.steering.SteeringClient.WAIT;
import static io.sightline.server.steering.SteeringClient.awaitInstructions;
import static io.sightline.server.steering.SteeringClient.instructionIds;
import static io.sightline.server.steering.SteeringClient.json;
import static io.sightline.server.steering.SteeringClient.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.testing.MutableClock;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection manager, driven by a clock the test moves and {@code runOnce()}. */
class SteeringConnectionManagerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));

    private TestServer server() {
        // a short stream heartbeat: a stream notices its client left at its next write
        return TestServer.start(
                TestDatabase.h2(),
                c -> c.withSteering(SteeringSettings.DEFAULT.withStreamHeartbeat(Duration.ofMillis(300))),
                b -> b.clock(clock));
    }

    @Test
    void connectionWithoutHeartbeatOrStreamWriteForTwoMinutesIsClosedWithStaleConnectionError()
            throws InterruptedException {
        // a stream that writes nothing after its connection event (its heartbeat is an hour away)
        try (TestServer server = TestServer.start(
                TestDatabase.h2(),
                c -> c.withSteering(SteeringSettings.DEFAULT.withStreamHeartbeat(Duration.ofHours(1))),
                b -> b.clock(clock))) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            try (SseRecorder stream = agent.stream(session)) {
                await().atMost(WAIT).until(() -> !named(stream, "connection").isEmpty());
                clock.advance(Duration.ofSeconds(90));
                assertThat(server.post(agent.base(session) + "/heartbeat", "").status())
                        .isEqualTo(200);
                clock.advance(Duration.ofSeconds(90));
                assertThat(server.running().connectionManager().runOnce().staleConnections())
                        .isZero();
                clock.advance(Duration.ofSeconds(31));
                assertThat(server.running().connectionManager().runOnce().staleConnections())
                        .isEqualTo(1);
                assertThat(stream.awaitEnd(WAIT)).isTrue();
                assertThat(json(named(stream, "error").getFirst().data())
                                .get("code")
                                .asText())
                        .isEqualTo("stale_connection");
            }
            assertThat(server.get("/debug/connection-stats")
                            .json()
                            .get("active_connections")
                            .asInt())
                    .isZero();
        }
    }

    @Test
    void openStreamWhoseWritesSucceedStaysAliveWithoutAgentHeartbeats() {
        try (TestServer server = server()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            try (SseRecorder stream = agent.stream(session)) {
                await().atMost(WAIT).until(() -> !named(stream, "connection").isEmpty());
                // SmartEM's agent with --heartbeat-interval 0: no heartbeat for over an hour
                clock.advance(Duration.ofMinutes(61));
                // two stream heartbeats after the clock moved: the first one's write was recorded
                int seen = named(stream, "heartbeat").size();
                await().atMost(WAIT).until(() -> named(stream, "heartbeat").size() >= seen + 2);
                ConnectionManager.Report report =
                        server.running().connectionManager().runOnce();
                assertThat(report.staleConnections()).isZero();
                assertThat(report.inactiveSessions()).isZero();
                String id = agent.instruction(session, "t.still.there");
                await().atMost(WAIT).until(() -> instructionIds(stream).contains(id));
                assertThat(named(stream, "error")).isEmpty();
            }
        }
    }

    @Test
    void expiredInstructionIsRetriedAndRedeliveredThenExpiredAfterMaxRetries() {
        try (TestServer server = server()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String session = agent.session();
            String id = agent.instruction(session, "t.slow", "expires_in_seconds", 60, "max_retries", 1);
            try (SseRecorder stream = agent.stream(session)) {
                awaitInstructions(stream, 1);
                clock.advance(Duration.ofSeconds(61));
                assertThat(server.running().connectionManager().runOnce().retried())
                        .isEqualTo(1);
                awaitInstructions(stream, 2);
                assertThat(instructionIds(stream)).containsExactly(id, id);
                assertThat(json(named(stream, "instruction").get(1).data())
                                .get("delivery_count")
                                .asInt())
                        .isEqualTo(2);
                assertThat(agent.instructionRow(session, id).get("retry_count").asInt())
                        .isEqualTo(1);

                clock.advance(Duration.ofSeconds(61));
                assertThat(server.running().connectionManager().runOnce().expired())
                        .isEqualTo(1);
                assertThat(agent.instructionRow(session, id).get("status").asText())
                        .isEqualTo("expired");
                assertThat(agent.ack(session, id, "{\"status\":\"processed\"}").status())
                        .isEqualTo(409);
            }
        }
    }

    @Test
    void idleSessionsBecomeInactiveAndOldLogsAndClosedConnectionsAreDeleted() {
        try (TestServer server = server()) {
            SteeringClient agent = new SteeringClient(server, "krios-1");
            String idle = agent.session();
            String busy = agent.session();
            server.post(
                    agent.base(idle) + "/logs",
                    Map.of(
                            "logs",
                            List.of(Map.of(
                                    "timestamp",
                                    "2025-05-01T10:00:00Z",
                                    "level",
                                    "INFO",
                                    "logger_name",
                                    "agent",
                                    "message",
                                    "old"))));
            try (SseRecorder stream = agent.stream(busy)) {
                await().atMost(WAIT).until(() -> !named(stream, "connection").isEmpty());
            }
            await().atMost(WAIT)
                    .until(() -> server.running().steering().activeConnections().isEmpty());
            clock.advance(Duration.ofMinutes(59));
            server.post(agent.base(busy) + "/heartbeat", "");
            clock.advance(Duration.ofMinutes(2));
            ConnectionManager.Report first =
                    server.running().connectionManager().runOnce();
            assertThat(first.inactiveSessions()).isEqualTo(1);
            assertThat(server.running().steering().session(idle).orElseThrow().active())
                    .isFalse();
            assertThat(server.running().steering().session(busy).orElseThrow().active())
                    .isTrue();
            assertThat(first.logsDeleted()).isZero();

            clock.advance(Duration.ofDays(7));
            ConnectionManager.Report later =
                    server.running().connectionManager().runOnce();
            assertThat(later.logsDeleted()).isEqualTo(1);
            assertThat(later.connectionsDeleted()).isEqualTo(1);
            assertThat(server.running().steering().logCount(idle)).isZero();
        }
    }
}
