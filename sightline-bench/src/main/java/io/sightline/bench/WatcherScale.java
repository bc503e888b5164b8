package io.sightline.bench;

import io.sightline.agent.watch.DirectoryWatcher;
import io.sightline.agent.watch.FileListener;
import io.sightline.agent.watch.SettledFile;
import io.sightline.agent.watch.WatchOptions;
import io.sightline.agent.watch.WatchStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the agent's directory watcher copes with a large tree: catch-up time for N files, heap held
 * for tracking them, the duration of a full rescan, and CPU while nothing changes.
 *
 * <p>Run by hand (not a test):
 * {@code java -cp <agent classes + slf4j-api> io.sightline.bench.WatcherScale DIR [files] [dirs] [idleSeconds] [--polling-only]}.
 * DIR is filled with empty files the first time and reused afterwards.
 */
public final class WatcherScale {

    private static final int LIVE_FILES = 200;

    private WatcherScale() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/sightline-watch-bench");
        int files = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int dirs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int idleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        boolean pollingOnly = args.length > 4 && args[4].equals("--polling-only");
        fill(dir, files, dirs);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        AtomicInteger settled = new AtomicInteger();
        Map<Path, Long> createdAt = new ConcurrentHashMap<>();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        FileListener listener = new FileListener() {
            @Override
            public void settled(SettledFile file) {
                settled.incrementAndGet();
                Long created = createdAt.remove(file.path());
                if (created != null) {
                    latencies.add(System.nanoTime() - created);
                }
            }

            @Override
            public void deleted(Path path) {}
        };
        WatchOptions options = WatchOptions.of(dir).withPollingOnly(pollingOnly);
        long started = System.nanoTime();
        try (DirectoryWatcher watcher = new DirectoryWatcher(options, listener)) {
            watcher.start();
            while (settled.get() < files) {
                Thread.sleep(10);
            }
            long catchUpMillis = (System.nanoTime() - started) / 1_000_000;
            long heapTracking = usedHeapAfterGc(memory) - heapBefore;
            WatchStatus afterFirst = watcher.status();

            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(idleSeconds));
            double cpuPercent = 100.0 * (os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - wallBefore);
            WatchStatus idle = watcher.status();

            // Live: new files at 20 per second, each timed from its creation to its settled call.
            Path live = Files.createDirectories(dir.resolve("live-" + System.currentTimeMillis()));
            for (int i = 0; i < LIVE_FILES; i++) {
                Path file = live.resolve("FoilHole_live_" + i + ".xml");
                createdAt.put(file, System.nanoTime());
                Files.writeString(file, "x");
                Thread.sleep(50);
            }
            while (latencies.size() < LIVE_FILES) {
                Thread.sleep(10);
            }
            List<Long> sorted = latencies.stream().sorted().toList();
            for (int i = 0; i < LIVE_FILES; i++) {
                Files.delete(live.resolve("FoilHole_live_" + i + ".xml"));
            }
            Files.delete(live);

            System.out.printf(
                    "files=%d dirs=%d mode=%s settle=%s rescanEvery=%s%n",
                    files,
                    dirs,
                    pollingOnly ? "polling-only" : "events+rescan",
                    options.settleWindow(),
                    options.rescanInterval());
            System.out.printf("catch-up (start to all %d settled): %d ms%n", files, catchUpMillis);
            System.out.printf(
                    "first rescan: %d ms; rescan after %d s idle: %d ms%n",
                    afterFirst.lastRescanDuration().toMillis(),
                    idleSeconds,
                    idle.lastRescanDuration().toMillis());
            System.out.printf(
                    "heap held while tracking: %.1f MB (%d bytes per file)%n",
                    heapTracking / 1e6, heapTracking / files);
            System.out.printf(
                    "process CPU while idle for %d s (rescans included): %.2f %% of one core%n",
                    idleSeconds, cpuPercent);
            System.out.printf(
                    "live latency, creation to settled call, %d files at 20/s: p50 %d ms, p99 %d ms, max %d ms%n",
                    LIVE_FILES,
                    sorted.get(LIVE_FILES / 2) / 1_000_000,
                    sorted.get(LIVE_FILES * 99 / 100) / 1_000_000,
                    sorted.get(LIVE_FILES - 1) / 1_000_000);
            System.out.println("status: " + idle.describe());
        }
    }

    private static void fill(Path dir, int files, int dirs) throws IOException {
        for (int i = 0; i < files; i++) {
            Path file = dir.resolve("GridSquare_" + (i % dirs)).resolve("FoilHole_" + i + "_Data.xml");
            if (i < dirs) {
                Files.createDirectories(file.getParent());
            }
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
