package io.sightline.cli.steer;

import static io.sightline.cli.steer.SteerAgent.WAIT;
import static io.sightline.cli.steer.SteerAgent.awaitFinal;
import static io.sightline.cli.steer.SteerAgent.instruct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.steer.HandlerRegistry;
import io.sightline.agent.steer.Outcome;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.server.steering.SteeringSettings;
import io.sightline.server.testing.MutableClock;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats between the agent and the server's connection manager. The server runs on a clock the test
 * moves and its manager runs only when the test calls {@code runOnce()}, so "two minutes without a
 * heartbeat" takes no time; the agent's own timers are real and short.
 */
class SteerHeartbeatTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T10:00:00Z"));

    private TestServer server() {
        // stream heartbeats every 300 ms: a closed stream is noticed at once by both sides
        return server(Duration.ofMillis(300));
    }

    private TestServer server(Duration streamHeartbeat) {
        return TestServer.start(
                TestDatabase.h2(),
                c -> c.withSteering(SteeringSettings.DEFAULT.withStreamHeartbeat(streamHeartbeat)),
                b -> b.clock(clock));
    }

    private static HandlerRegistry quiet() {
        return HandlerRegistry.builder()
                .on("t.ping", i -> new Outcome.Processed(null))
                .build();
    }

    private static JsonNode connectionOf(TestServer server, String session) {
        for (JsonNode c : server.get("/debug/agent-connections").json().path("active_connections")) {
            if (c.path("session_id").asText().equals(session)) {
                return c;
            }
        }
        throw new AssertionError("no open connection of session " + session);
    }

    private static Instant lastActivity(TestServer server, String session) {
        for (JsonNode s : server.get("/debug/sessions").json().path("active_sessions")) {
            if (s.path("session_id").asText().equals(session)) {
                return Instant.parse(s.path("last_activity_at").asText());
            }
        }
        throw new AssertionError("no session " + session);
    }

    @Test
    void agentHeartbeatsMoveTheSessionsLastActivityAndKeepItsConnectionFromGoingStale() throws Exception {
        try (TestServer server = server();
                SteerAgent agent = SteerAgent.start(
                        server.uri(""),
                        "krios-1",
                        SteeringConfig.DEFAULTS.withHeartbeatInterval(Duration.ofMillis(100)),
                        quiet())) {
            agent.awaitConnected(server);
            String session = agent.session();
            for (int minute = 1; minute <= 3; minute++) {
                clock.advance(Duration.ofSeconds(90));
                Instant now = clock.instant();
                // only a heartbeat sent after the clock moved can carry the new time
                await().atMost(WAIT)
                        .until(() -> lastActivity(server, session).equals(now)
                                && Instant.parse(connectionOf(server, session)
                                                .path("last_heartbeat_at")
                                                .asText())
                                        .equals(now));
                assertThat(server.running().connectionManager().runOnce().staleConnections())
                        .isZero();
            }
            assertThat(agent.channel().stream().connections()).isEqualTo(1);
        }
    }

    @Test
    void aSilentAgentsConnectionWhoseStreamAlsoWritesNothingIsClosedAsStaleAndTheAgentReconnectsByItself()
            throws Exception {
        // an open stream whose writes succeed is alive: only one that writes nothing (its heartbeat an
        // hour away, as a stream whose server died) goes stale when the agent is silent too
        try (TestServer server = server(Duration.ofHours(1));
                SteerAgent agent = SteerAgent.start(
                        server.uri(""),
                        "krios-1",
                        SteeringConfig.DEFAULTS.withHeartbeatInterval(Duration.ZERO),
                        quiet())) {
            agent.awaitConnected(server);
            String session = agent.session();
            String first = connectionOf(server, session).path("connection_id").asText();

            clock.advance(Duration.ofSeconds(121));
            assertThat(server.running().connectionManager().runOnce().staleConnections())
                    .isEqualTo(1);

            await().atMost(WAIT)
                    .until(() -> agent.channel().stream().connections() == 2 && SteerAgent.connected(server, session));
            assertThat(connectionOf(server, session).path("connection_id").asText())
                    .isNotEqualTo(first);
            // the new stream carries instructions
            String id = instruct(server, null, "krios-1", session, "t.ping");
            awaitFinal(server, null, "krios-1", session, id, "processed");
        }
    }
}
