package io.sightline.cli.steer;

import static io.sightline.cli.steer.SteerAgent.WAIT;
import static io.sightline.cli.steer.SteerAgent.awaitFinal;
import static io.sightline.cli.steer.SteerAgent.instruct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.steer.HandlerRegistry;
import io.sightline.agent.steer.InstructionHandler;
import io.sightline.agent.steer.Outcome;
import io.sightline.agent.steer.SteeringConfig;
import io.sightline.server.steering.PostgresSignal;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The agent's steering channel when servers go away and come back, or when there are two of them. */
class SteerServersTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anInstructionBeingHandledWhenTheServerRestartsRunsOnceAndEndsProcessed() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger quickRuns = new AtomicInteger();
        HandlerRegistry handlers = HandlerRegistry.builder()
                .on("t.slow", i -> {
                    started.countDown();
                    assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
                    return new Outcome.Processed(null);
                })
                .on("t.quick", i -> {
                    quickRuns.incrementAndGet();
                    return new Outcome.Processed(null);
                })
                .build();
        int port = freePort();
        URI api = URI.create("http://127.0.0.1:" + port);
        try (TestDatabase db = TestDatabase.h2()) {
            String session;
            String slow;
            String quick;
            SteerAgent agent;
            try (TestServer first = TestServer.startSharing(db, c -> c.withPort(port), b -> b)) {
                agent = SteerAgent.start(api, "krios-1", SteeringConfig.DEFAULTS, handlers);
                session = agent.session();
                slow = instruct(first, null, "krios-1", session, "t.slow");
                assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .as("handler started")
                        .isTrue();
                // queued behind the slow one on the agent: its last event id when the stream drops
                quick = instruct(first, null, "krios-1", session, "t.quick");
                await().atMost(WAIT)
                        .until(() -> SteerAgent.row(first, null, "krios-1", session, quick)
                                .path("status")
                                .asText()
                                .equals("received"));
            } // the server stops while the handler runs
            try (agent) {
                release.countDown();
                // both final acks (and the quick one's received) fail and are given up while the server is away
                assertThat(agent.dispatcher().awaitIdle(Duration.ofSeconds(30))).isTrue();
                assertThat(agent.dispatcher().handlerRuns()).isEqualTo(2);
                assertThat(agent.dispatcher().undeliveredAcks())
                        .as("final acks kept for the server's return")
                        .isEqualTo(2);

                try (TestServer second = TestServer.startSharing(db, c -> c.withPort(port), b -> b)) {
                    awaitFinal(second, null, "krios-1", session, slow, "processed");
                    awaitFinal(second, null, "krios-1", session, quick, "processed");
                    assertThat(agent.dispatcher().handlerRuns())
                            .as("each handler ran once")
                            .isEqualTo(2);
                    assertThat(quickRuns).hasValue(1);
                    assertThat(agent.dispatcher().redelivered())
                            .as("the slow one came again")
                            .isGreaterThanOrEqualTo(1);
                    assertThat(agent.channel().stream().connections()).isGreaterThanOrEqualTo(2);
                    assertThat(agent.dispatcher().undeliveredAcks()).isZero();
                }
            }
        }
    }

    @Test
    void anInstructionCreatedOnOneServerReachesTheAgentConnectedToAnotherAndIsAcknowledged() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        InstructionHandler count = i -> {
            runs.incrementAndGet();
            return new Outcome.Processed(i.payload());
        };
        try (TestDatabase db = TestDatabase.postgres();
                TestServer a = TestServer.startSharing(db, c -> c, x -> x);
                TestServer b = TestServer.startSharing(db, c -> c, x -> x)) {
            await().atMost(WAIT).until(() -> ((PostgresSignal) b.running().steeringSignal()).listening());
            try (SteerAgent agent = SteerAgent.start(
                    b.uri(""),
                    "krios-1",
                    SteeringConfig.DEFAULTS,
                    HandlerRegistry.builder().on("t.cross", count).build())) {
                agent.awaitConnected(b);
                String id =
                        instruct(a, null, "krios-1", agent.session(), "t.cross", "payload", java.util.Map.of("n", 7));
                // B's stream heartbeat is 15 s: an ack within 5 s means A's NOTIFY woke B's stream
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> SteerAgent.row(a, null, "krios-1", agent.session(), id)
                                .path("status")
                                .asText()
                                .equals("acknowledged"));
                assertThat(awaitFinal(a, null, "krios-1", agent.session(), id, "processed")
                                .path("result")
                                .asText())
                        .isEqualTo("{\"n\":7}");
                assertThat(runs).hasValue(1);
            }
        }
    }
}
