package io.sightline.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.AgentStatus;
import io.sightline.agent.client.ApiFlavour;
import io.sightline.cli.demo.ServerCounts;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real server (H2) over files the simulator writes: at the end the server holds
 * exactly the grids, atlases, squares, holes and micrographs on disk, each once.
 */
class AgentEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    static EpuSimulation session(EpuSimulation.Order order) {
        return EpuSimulation.builder()
                .grids(2)
                .squares(12)
                .visitedSquares(2)
                .holesPerSquare(10)
                .acquiredHolesPerSquare(4)
                .micrographsPerHole(2)
                .atlasTiles(4)
                .rate(400)
                .order(order)
                .partialWrites(true)
                .build();
    }

    private AgentConfig config(Path visit, URI api) {
        return config(visit, api, temp.resolve("state"));
    }

    static AgentConfig config(Path visit, URI api, Path state) {
        return AgentConfig.of(visit, api, "e2e-agent")
                .withPollingOnly(true)
                .withPollInterval(Duration.ofMillis(200))
                .withSettle(Duration.ofMillis(200))
                .withLogInterval(Duration.ofSeconds(2))
                .withStateDir(state)
                .withDrainTimeout(Duration.ofSeconds(5));
    }

    /** What the server should hold, from the simulator's truth. */
    static Map<String, Integer> expected(SimulatedSession truth) {
        return truth.entityCounts();
    }

    /** What the agent has made this run, by the server's resource names of {@link #expected}. */
    static Map<String, Integer> madeByAgent(AgentStatus status) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        Map<io.sightline.core.wire.EntityType, Long> made = status.entities();
        out.put(
                "grids",
                made.getOrDefault(io.sightline.core.wire.EntityType.GRID, 0L).intValue());
        out.put(
                "atlases",
                made.getOrDefault(io.sightline.core.wire.EntityType.ATLAS, 0L).intValue());
        out.put(
                "tiles",
                made.getOrDefault(io.sightline.core.wire.EntityType.ATLAS_TILE, 0L)
                        .intValue());
        out.put(
                "gridsquares",
                made.getOrDefault(io.sightline.core.wire.EntityType.GRIDSQUARE, 0L)
                        .intValue());
        out.put(
                "foilholes",
                made.getOrDefault(io.sightline.core.wire.EntityType.FOILHOLE, 0L)
                        .intValue());
        out.put(
                "micrographs",
                made.getOrDefault(io.sightline.core.wire.EntityType.MICROGRAPH, 0L)
                        .intValue());
        return out;
    }

    /** What the server holds, by resource, asserting that no natural key is held twice. */
    static Map<String, Integer> onServer(TestServer server) throws IOException, InterruptedException {
        ServerCounts held = ServerCounts.of(HTTP, server.uri(""));
        assertThat(held.duplicates()).as("natural keys held twice").isEmpty();
        return held.counts();
    }

    static void corruptFileIn(Path visit) throws IOException {
        Path bad = visit.resolve("not-a-grid/Metadata/GridSquare_999.dm");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "<this is not EPU's XML");
    }

    @Test
    void childrenFirstSessionWrittenWhileTheAgentWatchesEndsExactlyOnTheServer() throws Exception {
        Path visit = temp.resolve("visit");
        try (TestServer server = TestServer.start();
                // file-system events plus rescans here; the other tests poll only
                AgentRunner agent =
                        new AgentRunner(config(visit, server.uri("")).withPollingOnly(false), line -> {}).start()) {
            SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.CHILDREN_FIRST));
            corruptFileIn(visit);
            Map<String, Integer> expected = expected(truth);

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgentStatus status = agent.status();
                assertThat(status.outboxDepth()).isZero();
                assertThat(status.pendingOrphans()).isZero();
                assertThat(status.parked()).isZero();
                assertThat(status.filesRejected()).isEqualTo(1);
            });
            assertThat(server.get("/acquisitions").json()).hasSize(1);
        }
    }

    @Test
    void everythingQueuedWhileTheServerIsAwayIsDeliveredWhenItAppears() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.REALISTIC));
        int port = freePort();
        try (AgentRunner agent =
                new AgentRunner(config(visit, URI.create("http://127.0.0.1:" + port)), l -> {}).start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                AgentStatus status = agent.status();
                // everything read and queued, not only what the first settled files gave
                assertThat(madeByAgent(status)).isEqualTo(expected(truth));
                assertThat(agent.ingestBacklog()).isZero();
                assertThat(status.outboxDepth()).isPositive();
                assertThat(status.server()).startsWith("unreachable");
            });
            int queued = agent.status().outboxDepth();
            assertThat(queued).isGreaterThan(100);

            try (TestServer server = TestServer.start(TestDatabase.h2(), c -> c.withPort(port), b -> b)) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected(truth)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> agent.status().outboxDepth() == 0);
            }
        }
    }

    @Test
    void aRestartedAgentSendsWhatItHadStoredAndDuplicatesNothing() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.RANDOM));
        int port = freePort();
        AgentConfig config =
                config(visit, URI.create("http://127.0.0.1:" + port)).withDrainTimeout(Duration.ofMillis(100));
        try (AgentRunner first = new AgentRunner(config, l -> {}).start()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> first.status().outboxDepth() > 100
                            && first.ingestBacklog() == 0
                            && first.status().pendingOrphans() == 0);
        } // stopped with everything undelivered

        try (TestServer server = TestServer.start(TestDatabase.h2(), c -> c.withPort(port), b -> b);
                AgentRunner second = new AgentRunner(config, l -> {}).start()) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected(truth)));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.status().outboxDepth() == 0);
        }
    }

    /**
     * The one long test of the suite (an outage of 20-30 s, as the issue asks: the second half of a
     * session written at 4 files a second); {@code -DexcludedGroups=slow} skips it.
     */
    @Test
    @Tag("slow")
    void theServerStoppedForTheRestOfTheSessionGetsEverythingOnceItIsBack() throws Exception {
        Path visit = temp.resolve("visit");
        Path database = temp.resolve("server-db");
        int port = freePort();
        // about 160 files at 4 a second, the writer held halfway until the server is gone: the second half
        // (about 20 s) is written while it is away
        EpuSimulation options =
                session(EpuSimulation.Order.REALISTIC).toBuilder().rate(4).build();
        try (AgentRunner agent =
                new AgentRunner(config(visit, URI.create("http://127.0.0.1:" + port)), l -> {}).start()) {
            CompletableFuture<SimulatedSession> writing;
            HalfwayPause halfway = new HalfwayPause();
            try (TestServer first = TestServer.start(TestDatabase.h2File(database), c -> c.withPort(port), b -> b)) {
                writing = CompletableFuture.supplyAsync(() -> {
                    try {
                        return EpuSimulator.write(visit, options, halfway);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> first.get("/gridsquares").json().size() > 0);
            } // the server goes away mid-session
            assertThat(writing).isNotDone();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> agent.status().server().startsWith("unreachable"));
            int depthWhileAway = agent.status().outboxDepth();
            halfway.release(); // the second half of the session is written while the server is away
            // the outage lasts until the session is written and the agent has stored all of it
            SimulatedSession truth = writing.get();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> agent.ingestBacklog() == 0 && agent.status().pendingOrphans() == 0);
            assertThat(agent.status().outboxDepth())
                    .as("changes kept while the server is away")
                    .isGreaterThan(depthWhileAway);

            try (TestServer second = TestServer.start(TestDatabase.h2File(database), c -> c.withPort(port), b -> b)) {
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(onServer(second)).isEqualTo(expected(truth)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> agent.status().outboxDepth() == 0);
                assertThat(agent.status().parked()).isZero();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aSessionDeliveredOnSmartEmsPerEntityEndpointsEndsWithTheSameCounts() throws Exception {
        Path visit = temp.resolve("visit");
        try (TestServer server = TestServer.start();
                AgentRunner agent = new AgentRunner(
                                config(visit, server.uri("")).withApiFlavour(ApiFlavour.SMARTEM), line -> {})
                        .start()) {
            SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.RANDOM));

            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected(truth)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(agent.status().outboxDepth()).isZero();
                assertThat(agent.status().parked()).isZero();
            });
            assertThat(server.get("/acquisitions").json()).hasSize(1);
        }
    }
}
