package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxEntry;
import io.sightline.agent.simulate.EpuSimulation;
import io.sightline.agent.simulate.EpuSimulator;
import io.sightline.agent.simulate.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file chain over simulated files, fed by hand (no watcher). */
class IngestPipelineTest {
    @TempDir
    Path temp;

    private static List<Path> files(Path visit) throws Exception {
        try (Stream<Path> s = Files.walk(visit)) {
            return s.filter(Files::isRegularFile).sorted(Comparator.reverseOrder()).toList();
        }
    }

    @Test
    void filesOfferedChildrenFirstAreStoredParentsFirstWithNoneLeftWaiting() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(visit, EpuSimulation.builder().squares(5).visitedSquares(2)
                .holesPerSquare(4).acquiredHolesPerSquare(2).micrographsPerHole(2).atlasTiles(2).build());
        try (AgentStore store = AgentStore.inMemory("pipeline-order");
             IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.start();
            files(visit).forEach(pipeline::offer); // reverse path order: Metadata, Images-Disc, ..., EpuSession last

            assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();
            List<OutboxEntry> stored = store.peek(10_000);
            Set<String> seen = new HashSet<>();
            for (OutboxEntry e : stored) {
                EntityType type = EntityType.fromWireName(e.type());
                if (type.parentColumn() != null) {
                    String parent = e.itemJson().replaceAll(".*\"" + type.parentColumn() + "\":\"([^\"]+)\".*", "$1");
                    assertThat(seen).as("parent of %s stored before it", e.itemJson()).contains(parent);
                }
                seen.add(e.uuid());
            }
            assertThat(store.count()).isZero();
            assertThat(stored.stream().filter(e -> e.type().equals("micrograph")).count())
                    .isEqualTo(truth.micrographCount());
        }
    }

    @Test
    void aHalfWrittenFileIsReadAgainUntilItIsCompleteAndUnchangedBytesGiveNothing() throws Exception {
        Path visit = temp.resolve("visit");
        EpuSimulator.write(visit, EpuSimulation.builder().squares(2).visitedSquares(0).atlasTiles(1).build());
        Path session = files(visit).stream().filter(p -> p.endsWith("EpuSession.dm")).findFirst().orElseThrow();
        byte[] whole = Files.readAllBytes(session);
        Files.write(session, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (AgentStore store = AgentStore.inMemory("pipeline-incomplete");
             IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.offer(session);
            Thread.sleep(300);
            assertThat(store.depth()).isZero();
            assertThat(pipeline.filesRejected()).isZero();

            Files.write(session, whole); // the writer finishes; the scheduled retry reads it
            await().atMost(Duration.ofSeconds(10)).until(() -> store.depth() == 1);
            assertThat(store.peek(10).getFirst().type()).isEqualTo("grid");

            pipeline.offer(session);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(store.depth()).isEqualTo(1);
        }
    }

    @Test
    void aMalformedFileIsReportedOnceAndReadAgainOnlyWhenItChanges() throws Exception {
        Path visit = temp.resolve("visit");
        Path bad = visit.resolve("grid/EpuSession.dm");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "<this is not EPU XML");
        try (AgentStore store = AgentStore.inMemory("pipeline-malformed");
             IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.offer(bad);
            pipeline.offer(bad);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.filesRejected()).isEqualTo(1);

            Files.writeString(bad, "<this is still not EPU XML");
            pipeline.offer(bad);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.filesRejected()).isEqualTo(2);
            assertThat(store.depth()).isZero();
        }
    }
}
