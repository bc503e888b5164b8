package io.sightline.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent without a server: --dry-run prints each change it would send, once. */
class AgentRunnerDryRunTest {
    @TempDir
    Path temp;

    @Test
    void dryRunPrintsEveryEntityOnceAndARewrittenUnchangedFileAddsNothing() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(6)
                        .visitedSquares(1)
                        .holesPerSquare(5)
                        .acquiredHolesPerSquare(3)
                        .micrographsPerHole(2)
                        .atlasTiles(2)
                        .order(EpuSimulation.Order.CHILDREN_FIRST)
                        .build());
        List<String> printed = new CopyOnWriteArrayList<>();
        AgentConfig config = AgentConfig.dryRun(visit, "dry")
                .withPollingOnly(true)
                .withPollInterval(Duration.ofMillis(100))
                .withSettle(Duration.ofMillis(100))
                .withStateDir(temp.resolve("unused"));
        try (AgentRunner agent = new AgentRunner(config, printed::add).start()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> printed.stream()
                                    .filter(l -> l.startsWith("would send ") && l.contains("\"kind\":\"micrograph\""))
                                    .count()
                            == truth.micrographCount());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.ingestBacklog() == 0
                            && agent.status().pendingOrphans() == 0
                            && agent.status().outboxDepth() == 0);
            int before = printed.size();
            long seen = agent.status().filesSeen();

            // the same bytes written again: settles again, but says nothing new
            Path session = visit.resolve(truth.grids().getFirst().folder()).resolve("EpuSession.dm");
            byte[] bytes = Files.readAllBytes(session);
            Files.write(session, bytes);
            Files.setLastModifiedTime(
                    session, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.status().filesSeen() > seen && agent.ingestBacklog() == 0);

            assertThat(printed).hasSize(before);
            // entities as ingest items; the images beside the manifests as data-object registrations
            assertThat(printed)
                    .allMatch(l -> l.startsWith("would send {\"kind\":") || l.startsWith("would register {\"uid\":"));
            try (var jpegs = Files.walk(visit)) {
                long images = jpegs.filter(p ->
                                p.toString().endsWith(".jpg") || p.toString().endsWith(".mrc"))
                        .count();
                assertThat(printed.stream().filter(l -> l.startsWith("would register ")))
                        .as("every image once")
                        .hasSize((int) images);
            }
            assertThat(printed.stream()
                            .filter(l -> l.contains("\"kind\":\"grid\""))
                            .count())
                    .isEqualTo(1);
            assertThat(printed.stream()
                            .filter(l -> l.contains("\"kind\":\"acquisition\""))
                            .count())
                    .isEqualTo(1);
            assertThat(agent.status().filesSeen()).isGreaterThan(truth.micrographCount());
        }
        assertThat(Files.exists(temp.resolve("unused"))).isFalse();
    }
}
