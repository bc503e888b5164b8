package io.sightline.cli.agent;

import static io.sightline.cli.agent.AgentEndToEndTest.config;
import static io.sightline.cli.agent.AgentEndToEndTest.corruptFileIn;
import static io.sightline.cli.agent.AgentEndToEndTest.expected;
import static io.sightline.cli.agent.AgentEndToEndTest.onServer;
import static io.sightline.cli.agent.AgentEndToEndTest.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.AgentStatus;
import io.sightline.server.events.Event;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real server when things go wrong on its side: restarts over finished sessions, the
 * watched folder going away, files that are half-written or not EPU's at all.
 */
class AgentRecoveryTest {
    @TempDir
    Path temp;

    private static List<Path> epuFiles(Path visit) throws Exception {
        try (Stream<Path> s = Files.walk(visit)) {
            return s.filter(p -> p.toString().endsWith(".xml") || p.toString().endsWith(".dm"))
                    .sorted()
                    .toList();
        }
    }

    private static Path aMicrograph(Path visit) throws Exception {
        return epuFiles(visit).stream()
                .filter(p -> p.getFileName().toString().matches("FoilHole_.*_Data_.*\\.xml"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aRestartOnAnUnchangedFinishedSessionSendsNothingAndOneChangedFileOnlyItsEntity() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.REALISTIC));
        try (TestServer server = TestServer.start()) {
            AgentConfig config = config(visit, server.uri(""), temp.resolve("state"));
            long files;
            try (AgentRunner first = new AgentRunner(config, l -> {}).start()) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected(truth)));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> first.status().outboxDepth() == 0);
                files = first.status().filesSeen();
            }
            int eventsBefore = server.events().events().size();

            try (AgentRunner second = new AgentRunner(config, l -> {}).start()) {
                long seen = files;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> second.status().filesSeen() >= seen && second.ingestBacklog() == 0);
                AgentStatus unchanged = second.status();
                assertThat(unchanged.delivered()).isZero();
                assertThat(unchanged.outboxDepth()).isZero();
                assertThat(server.events().events()).hasSize(eventsBefore);

                Path micrograph = aMicrograph(visit);
                Files.writeString(
                        micrograph, Files.readString(micrograph).replaceFirst("<Defocus>[^<]*<", "<Defocus>-2.5E-06<"));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> second.status().delivered() == 1
                                && second.status().outboxDepth() == 0);
                List<Event> after = server.events()
                        .events()
                        .subList(eventsBefore, server.events().events().size());
                assertThat(after)
                        .isNotEmpty()
                        .allSatisfy(e -> assertThat(e.type()).startsWith("micrograph."));
                assertThat(after.stream().map(Event::entityUuid).distinct()).hasSize(1);
                assertThat(onServer(server)).isEqualTo(expected(truth));
            }
        }
    }

    @Test
    void theWatchedFolderMovedAwayAndBackIsReportedAndEndsExactlyOnTheServer() throws Exception {
        Path visit = temp.resolve("visit");
        Path away = temp.resolve("away");
        SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.REALISTIC));
        // one manifest still being written when the share drops, finished while it is away
        Path micrograph = aMicrograph(visit);
        byte[] whole = Files.readAllBytes(micrograph);
        Files.write(micrograph, Arrays.copyOf(whole, whole.length / 2));
        try (TestServer server = TestServer.start();
                AgentRunner agent =
                        new AgentRunner(config(visit, server.uri(""), temp.resolve("state")), l -> {}).start()) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> server.get("/micrographs").json().size() > 0);

            Files.move(visit, away);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(agent.status().describe()).contains("waiting for folder " + visit));
            Files.write(away.resolve(visit.relativize(micrograph)), whole);
            Files.move(away, visit);

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected(truth)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(agent.status().outboxDepth()).isZero();
                assertThat(agent.status().watcher()).doesNotContain("waiting for folder");
            });
        }
    }

    @Test
    void halfWrittenAndCorruptFilesAreReportedAndNothingGoodIsLost() throws Exception {
        Path visit = temp.resolve("visit");
        try (TestServer server = TestServer.start();
                AgentRunner agent =
                        new AgentRunner(config(visit, server.uri(""), temp.resolve("state")), l -> {}).start()) {
            SimulatedSession truth = EpuSimulator.write(visit, session(EpuSimulation.Order.RANDOM));
            Path micrograph = aMicrograph(visit);
            byte[] whole = Files.readAllBytes(micrograph);
            Files.write(micrograph, Arrays.copyOf(whole, whole.length / 3)); // re-written, half-way for now
            corruptFileIn(visit);
            Path bogus = micrograph.resolveSibling("FoilHole_1_Data_2_3_20250426_121711.xml");
            Files.write(bogus, new byte[] {0, (byte) 0xff, 'P', 'K', 3, 4});

            await().atMost(Duration.ofSeconds(30)).until(() -> agent.status().filesRejected() == 2);
            Files.write(micrograph, whole);

            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(onServer(server)).isEqualTo(expected(truth)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                AgentStatus status = agent.status();
                assertThat(status.outboxDepth()).isZero();
                assertThat(status.parked()).isZero();
                assertThat(status.filesRejected()).isEqualTo(2);
                assertThat(status.describe()).contains("(2 rejected)");
            });
        }
    }
}
