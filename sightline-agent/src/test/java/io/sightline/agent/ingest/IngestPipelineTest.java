package io.sightline.agent.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxEntry;
import io.sightline.agent.testing.CapturedLog;
import io.sightline.core.wire.EntityType;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-file chain over simulated files, fed by hand (no watcher). */
class IngestPipelineTest {
    @TempDir
    Path temp;

    private static List<Path> files(Path visit) throws Exception {
        try (Stream<Path> s = Files.walk(visit)) {
            return s.filter(Files::isRegularFile)
                    .sorted(Comparator.reverseOrder())
                    .toList();
        }
    }

    /** Writes a visit of two squares and no acquisitions; answers its {@code EpuSession.dm}. */
    private static Path sessionFileOfASmallVisit(Path visit) throws Exception {
        EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(2)
                        .visitedSquares(0)
                        .atlasTiles(1)
                        .build());
        return files(visit).stream()
                .filter(p -> p.endsWith("EpuSession.dm"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void filesOfferedChildrenFirstAreStoredParentsFirstWithNoneLeftWaiting() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(5)
                        .visitedSquares(2)
                        .holesPerSquare(4)
                        .acquiredHolesPerSquare(2)
                        .micrographsPerHole(2)
                        .atlasTiles(2)
                        .build());
        try (AgentStore store = AgentStore.inMemory("pipeline-order");
                IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.start();
            files(visit).forEach(pipeline::offer); // reverse path order: Metadata, Images-Disc, ..., EpuSession last

            assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();
            List<OutboxEntry> stored = store.peek(10_000);
            Set<String> seen = new HashSet<>();
            for (OutboxEntry e : stored) {
                EntityType type = EntityType.fromWireName(e.type());
                if (type.parentField() != null) {
                    String parent =
                            e.itemJson().replaceAll(".*\"" + type.parentField().wireName() + "\":\"([^\"]+)\".*", "$1");
                    assertThat(seen)
                            .as("parent of %s stored before it", e.itemJson())
                            .contains(parent);
                }
                seen.add(e.uuid());
            }
            assertThat(store.count()).isZero();
            assertThat(stored.stream()
                            .filter(e -> e.type().equals("micrograph"))
                            .count())
                    .isEqualTo(truth.micrographCount());
        }
    }

    @Test
    void aBurstOfChildrenBeforeParentsIsTakenParentsFirstSoNoFileWaits() throws Exception {
        Path visit = temp.resolve("visit");
        SimulatedSession truth = EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(6)
                        .visitedSquares(3)
                        .holesPerSquare(5)
                        .acquiredHolesPerSquare(3)
                        .micrographsPerHole(2)
                        .atlasTiles(2)
                        .build());
        try (AgentStore store = AgentStore.inMemory("pipeline-burst");
                IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.start();
            pipeline.offerTogether(files(visit)); // micrographs first, EpuSession.dm last: the worst order

            assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();
            assertThat(pipeline.filesParked())
                    .as("files set aside for a parent")
                    .isZero();
            assertThat(store.peek(10_000).stream()
                            .filter(e -> e.type().equals("micrograph"))
                            .count())
                    .isEqualTo(truth.micrographCount());
        }
    }

    @Test
    void readsRunAheadOnThePoolButFilesAreStoredInTheOrderTheyLeftTheQueue() throws Exception {
        Path visit = temp.resolve("visit");
        EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(40)
                        .visitedSquares(4)
                        .holesPerSquare(30)
                        .acquiredHolesPerSquare(6)
                        .micrographsPerHole(1)
                        .atlasTiles(4)
                        .build());
        List<Path> all = files(visit);
        try (AgentStore store = AgentStore.inMemory("pipeline-order-kept");
                IngestPipeline pipeline =
                        new IngestPipeline(new Reconciler(visit, "a"), store, store, FileHashes.NONE, 4)) {
            pipeline.start();
            pipeline.offerTogether(all);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();

            // The atlas (the largest file) is read beside many small ones, yet everything it says is stored
            // before anything of a grid-square file, and every foil hole before any micrograph.
            List<String> types =
                    store.peek(100_000).stream().map(OutboxEntry::type).toList();
            assertThat(types.lastIndexOf("atlas_tile_gridsquare_position")).isLessThan(types.indexOf("foilhole"));
            assertThat(types.lastIndexOf("foilhole")).isLessThan(types.indexOf("micrograph"));
            assertThat(pipeline.filesParked()).isZero();
        }
    }

    @Test
    void aFileOfferedAgainWhileItChangesEndsWithItsLastContent() throws Exception {
        Path visit = temp.resolve("visit");
        EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(2)
                        .visitedSquares(1)
                        .holesPerSquare(3)
                        .acquiredHolesPerSquare(1)
                        .micrographsPerHole(1)
                        .atlasTiles(1)
                        .build());
        List<Path> all = files(visit);
        Path micrograph = all.stream()
                .filter(p -> p.getFileName().toString().matches("FoilHole_.*_Data_.*\\.xml"))
                .findFirst()
                .orElseThrow();
        String xml = Files.readString(micrograph);
        try (AgentStore store = AgentStore.inMemory("pipeline-versions");
                IngestPipeline pipeline =
                        new IngestPipeline(new Reconciler(visit, "a"), store, store, FileHashes.NONE, 4)) {
            pipeline.start();
            pipeline.offerTogether(all);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();
            for (int i = 1; i <= 20; i++) { // versions offered back to back: their reads overlap on the pool
                Files.writeString(micrograph, xml.replaceFirst("<Defocus>[^<]*<", "<Defocus>-" + i + ".0E-06<"));
                pipeline.offer(micrograph);
            }
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();

            List<OutboxEntry> stored = store.peek(100_000);
            OutboxEntry last = stored.stream()
                    .filter(e -> e.type().equals("micrograph"))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(last.itemJson()).contains("\"defocus\":-2.0E-5");
        }
    }

    @Test
    void aHalfWrittenFileIsReadAgainUntilItIsCompleteAndUnchangedBytesGiveNothing() throws Exception {
        Path visit = temp.resolve("visit");
        Path session = sessionFileOfASmallVisit(visit);
        byte[] whole = Files.readAllBytes(session);
        Files.write(session, Arrays.copyOf(whole, whole.length / 2));
        try (AgentStore store = AgentStore.inMemory("pipeline-incomplete");
                IngestPipeline pipeline = new IngestPipeline(new Reconciler(visit, "a"), store, store)) {
            pipeline.offer(session);
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.readRetries() >= 2);
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

    @Test
    void aFileCutShortForGoodIsReportedOnceAsMalformedWithItsPositionAndReadAgainWhenItChanges() throws Exception {
        Path visit = temp.resolve("visit");
        Path session = sessionFileOfASmallVisit(visit);
        byte[] whole = Files.readAllBytes(session);
        Files.write(session, Arrays.copyOf(whole, whole.length / 2));
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-08T10:00:00Z"));
        Clock clock = ((InstantSource) now::get).withZone(ZoneOffset.UTC);
        TruncationRule rule = new TruncationRule(3, Duration.ofMinutes(1));
        try (CapturedLog log = new CapturedLog(IngestPipeline.class);
                AgentStore store = AgentStore.inMemory("pipeline-truncated");
                IngestPipeline pipeline =
                        new IngestPipeline(new Reconciler(visit, "a"), store, store, FileHashes.NONE, 2, rule, clock)) {
            pipeline.offer(session);
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.readRetries() >= 4);
            assertThat(pipeline.filesRejected())
                    .as("read often enough, but not unchanged for long enough")
                    .isZero();

            now.updateAndGet(t -> t.plus(Duration.ofMinutes(1)));
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.filesRejected() == 1);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(10)))
                    .as("no read of it is scheduled any more")
                    .isTrue();
            assertThat(log.messages(Level.WARN))
                    .filteredOn(m -> m.contains(session.toString()))
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .startsWith("malformed file")
                    .containsPattern(Pattern.quote(session.toString()) + ":\\d+:\\d+: truncated");

            pipeline.offer(session); // the same bytes settle again: nothing new to say
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(pipeline.filesRejected()).isEqualTo(1);

            Files.write(session, whole); // written again, whole: read at once
            Files.setLastModifiedTime(session, FileTime.from(Instant.now().plusSeconds(5)));
            pipeline.offer(session);
            assertThat(pipeline.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(store.peek(10)).extracting(OutboxEntry::type).contains("grid");
        }
    }

    @Test
    void aFileThatKeepsChangingWhileItEndsEarlyIsNeverTakenForTruncated() throws Exception {
        Path visit = temp.resolve("visit");
        Path session = sessionFileOfASmallVisit(visit);
        byte[] whole = Files.readAllBytes(session);
        Files.write(session, Arrays.copyOf(whole, 100));
        try (AgentStore store = AgentStore.inMemory("pipeline-growing");
                IngestPipeline pipeline = new IngestPipeline(
                        new Reconciler(visit, "a"),
                        store,
                        store,
                        FileHashes.NONE,
                        2,
                        new TruncationRule(2, Duration.ZERO),
                        Clock.systemUTC())) {
            pipeline.offer(session);
            for (int length = 200; length <= 500; length += 100) {
                long retries = pipeline.readRetries();
                Files.write(session, Arrays.copyOf(whole, length)); // a slow writer: longer at every read
                await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.readRetries() > retries);
            }
            assertThat(pipeline.filesRejected()).isZero();
            Files.write(session, whole);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.depth() == 1);
        }
    }

    /** Runs a pipeline over every file of {@code visit} on the store under {@code state}, as a restarted agent does. */
    private static Run run(Path visit, Path state, List<Path> offered) throws Exception {
        long applied;
        try (AgentStore store = AgentStore.open(state)) {
            Reconciler reconciler = new Reconciler(visit, "a");
            reconciler.restore(store.knownEntities());
            try (IngestPipeline pipeline = new IngestPipeline(reconciler, store, store, store)) {
                pipeline.start();
                offered.forEach(pipeline::offer);
                assertThat(pipeline.awaitIdle(Duration.ofSeconds(20))).isTrue();
                applied = pipeline.filesApplied();
            }
            List<OutboxEntry> stored = store.peek(100_000);
            store.delivered(stored.stream().map(OutboxEntry::seq).toList()); // as if the server took them
            return new Run(stored, applied);
        }
    }

    /** What one run stored, and how many files it read and applied. */
    private record Run(List<OutboxEntry> stored, long filesApplied) {}

    @Test
    void aRestartOverUnchangedFilesStoresNothingAndAChangedFileOnlyWhatChanged() throws Exception {
        Path visit = temp.resolve("visit");
        Path state = temp.resolve("state");
        SimulatedSession truth = EpuSimulator.write(
                visit,
                EpuSimulation.builder()
                        .squares(5)
                        .visitedSquares(2)
                        .holesPerSquare(4)
                        .acquiredHolesPerSquare(2)
                        .micrographsPerHole(2)
                        .atlasTiles(2)
                        .build());
        List<Path> all = files(visit);

        assertThat(run(visit, state, all).stored()).hasSizeGreaterThan(truth.micrographCount());
        Run unchanged = run(visit, state, all);
        assertThat(unchanged.stored()).as("nothing changed on disk").isEmpty();
        assertThat(unchanged.filesApplied())
                .as("only the session is read again")
                .isEqualTo(1);

        Path micrograph = all.stream()
                .filter(p -> p.getFileName().toString().matches("FoilHole_.*_Data_.*\\.xml"))
                .findFirst()
                .orElseThrow();
        String xml = Files.readString(micrograph);
        Files.writeString(micrograph, xml.replaceFirst("<Defocus>[^<]*<", "<Defocus>-2.5E-06<"));
        Run changed = run(visit, state, all);

        assertThat(changed.filesApplied()).isEqualTo(2);
        assertThat(changed.stored()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("micrograph");
            assertThat(e.itemJson())
                    .contains("\"defocus\":-2.5E-6")
                    .contains(micrograph.getFileName().toString());
        });
    }
}
