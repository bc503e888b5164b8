package io.sightline.bench;

import io.sightline.agent.ingest.EntityChange;
import io.sightline.agent.ingest.EntitySink;
import io.sightline.agent.ingest.FileHashes;
import io.sightline.agent.ingest.IngestPipeline;
import io.sightline.agent.ingest.Reconciler;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxEntry;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's local store alone, as a catch-up uses it: the changes of the benchmark session (read once
 * by the real pipeline, off the clock, in the groups the pipeline stored them in) appended by one thread
 * while another takes them out the way the sender does (peek up to 2,000, then mark them delivered).
 * Prints, per round, the wall time and the CPU time of each of the two threads.
 *
 * <p>Run it as the agent runs (C1 only, Serial GC, small heap):
 * {@code java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx160m -cp sightline-bench/target/benchmarks.jar
 * io.sightline.bench.AgentStoreThroughput [WORKDIR [rounds]]}; WORKDIR keeps the simulated session.
 */
public final class AgentStoreThroughput {
    private static final int BATCH = 2000;

    private AgentStoreThroughput() {}

    /** One call of the sink: a group of changes and the files they came from. */
    private record Group(List<EntityChange> changes, Map<Path, String> files) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "/tmp/agent-bench"));
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path visit = work.resolve("visit-benchmark");
        if (!Files.isDirectory(visit)) {
            EpuSimulator.write(visit, EpuSimulation.benchmark());
        }
        List<Group> groups = record(visit);
        int changes = groups.stream().mapToInt(g -> g.changes().size()).sum();
        System.out.printf(Locale.ROOT, "%d changes in %d groups%n", changes, groups.size());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 1; round <= rounds; round++) {
            Path stateDir = Files.createTempDirectory(work, "store-");
            try (AgentStore store = AgentStore.open(stateDir)) {
                AtomicLong senderCpu = new AtomicLong();
                AtomicLong sent = new AtomicLong();
                long start = System.nanoTime();
                Thread sender = Thread.ofPlatform().start(() -> {
                    while (sent.get() < changes) {
                        List<OutboxEntry> batch = store.peek(BATCH);
                        if (batch.isEmpty()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        List<Long> seqs = new ArrayList<>(batch.size());
                        batch.forEach(entry -> seqs.add(entry.seq()));
                        store.delivered(seqs);
                        sent.addAndGet(batch.size());
                    }
                    senderCpu.set(threads.getCurrentThreadCpuTime());
                });
                long cpuBefore = threads.getCurrentThreadCpuTime();
                for (Group group : groups) {
                    store.append(group.changes(), Boolean.getBoolean("nofiles") ? Map.of() : group.files());
                }
                long appendCpu = threads.getCurrentThreadCpuTime() - cpuBefore;
                double appendWall = (System.nanoTime() - start) / 1e9;
                sender.join();
                double wall = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: appended in %.2f s (CPU %.2f s), all taken out after %.2f s"
                                + " (sender CPU %.2f s)%n",
                        round,
                        appendWall,
                        appendCpu / 1e9,
                        wall,
                        senderCpu.get() / 1e9);
            }
        }
    }

    /** The groups the real pipeline stores for the session, with no store behind it. */
    private static List<Group> record(Path visit) throws Exception {
        List<Group> groups = new ArrayList<>();
        EntitySink sink = (changes, files) -> {
            synchronized (groups) {
                groups.add(new Group(changes, files));
            }
        };
        try (AgentStore pending = AgentStore.inMemory("record-pending");
                IngestPipeline pipeline =
                        new IngestPipeline(new Reconciler(visit, "bench"), sink, pending, FileHashes.NONE);
                var files = Files.walk(visit)) {
            pipeline.start();
            pipeline.offerTogether(files.filter(Files::isRegularFile).toList());
            if (!pipeline.awaitIdle(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the pipeline did not finish reading " + visit);
            }
        }
        return groups;
    }
}
