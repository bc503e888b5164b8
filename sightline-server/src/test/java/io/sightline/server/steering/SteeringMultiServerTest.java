package io.sightline.server.steering;

import static io.sightline.server.steering.SteeringClient.awaitInstructions;
import static io.sightline.server.steering.SteeringClient.instructionIds;
import static io.sightline.server.steering.SteeringClient.json;
import static io.sightline.server.steering.SteeringClient.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Servers sharing a database: a restart redelivers what was not acknowledged, and two servers on one
 * PostgreSQL (two ServerApp instances in this JVM, each with its own pool and its own LISTEN
 * connection) deliver each other's instructions.
 */
class SteeringMultiServerTest {

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void restartedServerRedeliversUnacknowledgedInstructions(TestDatabase db) throws InterruptedException {
        String session;
        String done;
        String open;
        try (TestServer first = TestServer.startSharing(db, c -> c, b -> b)) {
            SteeringClient agent = new SteeringClient(first, "krios-1");
            session = agent.session();
            done = agent.instruction(session, "t.done");
            open = agent.instruction(session, "t.open");
            try (SseRecorder stream = agent.stream(session)) {
                awaitInstructions(stream, 2);
                assertThat(agent.ack(session, done, "{\"status\":\"processed\"}")
                                .status())
                        .isEqualTo(200);
                assertThat(agent.ack(session, open, "{\"status\":\"received\"}").status())
                        .isEqualTo(200);
                first.running().close();
                assertThat(stream.awaitEnd(SteeringClient.WAIT)).isTrue();
                assertThat(named(stream, "error")).isEmpty();
                assertThat(json(named(stream, "reconnect").getFirst().data())
                                .get("code")
                                .asText())
                        .isEqualTo("shutdown");
            }
        }
        try (TestServer second = TestServer.startSharing(db, c -> c, b -> b)) {
            SteeringClient agent = new SteeringClient(second, "krios-1");
            try (SseRecorder stream = agent.stream(session)) {
                awaitInstructions(stream, 1);
                assertThat(instructionIds(stream)).containsExactly(open);
            }
        } finally {
            db.close();
        }
    }

    @Test
    void instructionCreatedOnOneServerReachesTheStreamHeldByAnother() {
        try (TestDatabase db = TestDatabase.postgres();
                TestServer a = TestServer.startSharing(db, c -> c, b -> b);
                TestServer b = TestServer.startSharing(db, c -> c, x -> x)) {
            await().atMost(SteeringClient.WAIT)
                    .until(() -> ((PostgresSignal) b.running().steeringSignal()).listening());
            SteeringClient onA = new SteeringClient(a, "krios-1");
            SteeringClient onB = new SteeringClient(b, "krios-1");
            String session = onA.session();
            try (SseRecorder stream = onB.stream(session)) {
                await().atMost(SteeringClient.WAIT)
                        .until(() -> !named(stream, "connection").isEmpty());
                String id = onA.instruction(session, "t.cross");
                // the stream's heartbeat is 15 s: arriving within 5 s means the NOTIFY woke it
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> instructionIds(stream).contains(id));

                // a newer stream on A replaces the one on B, through the database and the signal
                try (SseRecorder newer = onA.stream(session)) {
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> !named(stream, "reconnect").isEmpty());
                    assertThat(json(named(stream, "reconnect").getFirst().data())
                                    .get("code")
                                    .asText())
                            .isEqualTo("replaced");
                    awaitInstructions(newer, 1);
                }
            }
        }
    }
}
