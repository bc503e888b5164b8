package io.sightline.bench;

import io.sightline.agent.client.BackendClient;
import io.sightline.agent.images.DataObjectRegistration;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.outbox.OutboxSender;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 17's budget for image registration through the agent's outbox: {@code objects} data objects
 * (real files under the server's storage root, shape and dtype given as the agent gives them) stored in
 * the agent's durable store in groups of {@code group} (as the image registrar stores them) while the real
 * {@link OutboxSender} delivers them to a real server process ({@code POST /api/v1/data-objects}, batches of
 * up to 2,000). The clock runs from the first group stored to the outbox empty; prints objects per second
 * per run and the median.
 *
 * <p>Run: {@code java -cp sightline-bench/target/benchmarks.jar io.sightline.bench.DataObjectOutbox
 * sightline-cli/target/sightline.jar [runs [objects [group]]]}.
 */
public final class DataObjectOutbox {
    private DataObjectOutbox() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int objects = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int group = args.length > 3 ? Integer.parseInt(args[3]) : 1_000;
        Path work = Files.createTempDirectory("sightline-dataobject-bench");
        Path files = Files.createDirectories(work.resolve("files"));
        List<Path> paths = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            Path file = files.resolve(String.format(Locale.ROOT, "FoilHole_%05d_Data_1.mrc", i));
            Files.write(file, new byte[] {1});
            paths.add(file);
        }
        int port = ServerProcess.freePort();
        java.net.URI api = java.net.URI.create("http://127.0.0.1:" + port);
        Process server = ServerProcess.start(
                jar, port, work.resolve("server"), work.resolve("server.log"), "--storage-root", files.toString());
        double[] rates = new double[runs];
        double[] cpu = new double[runs];
        try {
            ServerProcess.awaitUp(api);
            for (int run = 0; run < runs; run++) {
                long serverCpu = cpuNanos(server.pid());
                long ownCpu = ownCpuNanos();
                rates[run] = run(api, work.resolve("agent-" + run), paths, group, run);
                double serverMicros = (cpuNanos(server.pid()) - serverCpu) / 1e3 / objects;
                double agentMicros = (ownCpuNanos() - ownCpu) / 1e3 / objects;
                cpu[run] = serverMicros + agentMicros;
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %d objects in groups of %d: %.0f objects/s wall; CPU per object: server %.0f µs,"
                                + " agent %.0f µs (load %.1f)%n",
                        run + 1,
                        objects,
                        group,
                        rates[run],
                        serverMicros,
                        agentMicros,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        } finally {
            server.destroy();
            server.waitFor();
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "median %.0f objects/s (min %.0f, max %.0f) over %d runs%n",
                sorted[runs / 2],
                sorted[0],
                sorted[runs - 1],
                runs);
        double[] cpuSorted = cpu.clone();
        Arrays.sort(cpuSorted);
        System.out.printf(
                Locale.ROOT,
                "median CPU per object, server and agent together: %.0f µs (min %.0f): %.0f objects/s per core%n",
                cpuSorted[runs / 2],
                cpuSorted[0],
                1e6 / cpuSorted[runs / 2]);
        System.exit(0);
    }

    /** CPU time (user + system) of process {@code pid} so far, from /proc (clock ticks of 10 ms). */
    private static long cpuNanos(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One run: a fresh agent store and session, so every object is new to the server. */
    private static double run(java.net.URI api, Path state, List<Path> paths, int group, int run)
            throws InterruptedException {
        String session = "bench-" + run + "-" + UUID.randomUUID();
        List<List<DataObjectRegistration>> groups = new ArrayList<>();
        List<DataObjectRegistration> current = new ArrayList<>(group);
        for (Path path : paths) {
            String uid = UUID.randomUUID().toString();
            current.add(new DataObjectRegistration(
                    uid,
                    "{\"uid\":\"" + uid + "\",\"path\":\"" + path + "\",\"kind\":\"micrograph\",\"session\":\""
                            + session + "\",\"parents\":[],\"shape\":[4096,4096],\"dtype\":\"float32\","
                            + "\"metadata\":{\"source\":\"bench\"}}"));
            if (current.size() == group) {
                groups.add(current);
                current = new ArrayList<>(group);
            }
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        try (AgentStore store = AgentStore.open(state)) {
            OutboxSender sender = new OutboxSender(
                    store,
                    new BackendClient(api, null, Duration.ofSeconds(60)),
                    "bench",
                    2000,
                    Duration.ofMillis(50),
                    Duration.ofSeconds(2));
            sender.start();
            try {
                long start = System.nanoTime();
                for (List<DataObjectRegistration> g : groups) {
                    store.register(g, Map.of());
                    sender.wake();
                }
                while (sender.delivered() < paths.size()) {
                    if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                        throw new IllegalStateException("not delivered after 5 minutes: " + sender.state());
                    }
                    Thread.sleep(2); // the bench's own poll; the sender is not slowed by it
                }
                long nanos = System.nanoTime() - start;
                if (store.parkedCount() > 0) {
                    throw new IllegalStateException(store.parkedCount() + " parked: see the server log");
                }
                return paths.size() / (nanos / 1e9);
            } finally {
                sender.close();
            }
        }
    }
}
