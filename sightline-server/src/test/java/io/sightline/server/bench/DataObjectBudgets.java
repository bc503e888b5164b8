package io.sightline.server.bench;

import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.mrc.MrcWriter;
import io.sightline.server.data.StorageSettings;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The data-object budgets of issue 17 through real HTTP (benchmark, not a test), each printed as a median
 * of several runs; the figures go to docs/benchmarks.md by hand:
 *
 * <ol>
 *   <li>a 512 px PNG thumbnail of a 4096² float32 MRC (64 MB, in the page cache), cold (not in the render
 *       cache: each run asks for another uid registered for the same file) and from the render cache;
 *   <li>200 concurrent thumbnail requests of 200 distinct MRC files: the slowest request, and the heap's peak;
 *   <li>registering 10,000 data objects (real files, shape and dtype given as the agent gives them) in
 *       batches of 1,000: objects per second.
 * </ol>
 *
 * <p>Run: {@code java -Xmx512m -cp <test classpath> io.sightline.server.bench.DataObjectBudgets [runs [edge
 * of the 200 images [h2-file|postgresql [budgets]]]]}, budgets a comma-separated choice of {@code
 * thumbnails,concurrent,registration} (all by default).
 */
public final class DataObjectBudgets {
    private DataObjectBudgets() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int edge = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        String engine = args.length > 2 ? args[2] : "h2-file";
        List<String> budgets = List.of((args.length > 3 ? args[3] : "thumbnails,concurrent,registration").split(","));
        Path root = Files.createTempDirectory("sightline-budgets");
        try {
            TestDatabase db = engine.equals("postgresql") ? TestDatabase.postgres() : Bench.h2File();
            UnaryOperator<StorageSettings> storage =
                    s -> s.withRoots(List.of(root)).withRenderCacheBytes(512L << 20);
            try (TestServer server = TestServer.start(db, c -> c.withStorage(storage.apply(c.storage())), b -> b)) {
                if (budgets.contains("thumbnails")) {
                    thumbnails(server, root, runs);
                }
                if (budgets.contains("concurrent")) {
                    concurrent(server, root, runs, edge);
                }
                if (budgets.contains("registration")) {
                    registration(server, root, runs);
                }
            }
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void thumbnails(TestServer server, Path root, int runs) throws Exception {
        Path frame = mrc(root.resolve("frame.mrc"), 4096, 1);
        int warm = 5;
        for (int i = 0; i < warm + runs; i++) {
            register(server, "frame" + i, "frame.mrc", null);
        }
        HttpClient client = HttpClient.newHttpClient();
        long[] cold = new long[runs];
        for (int i = 0; i < warm + runs; i++) {
            long t = get(client, server, "/api/v1/images/frame" + i + "?size=512");
            if (i >= warm) {
                cold[i - warm] = t;
            }
        }
        // 200 requests per series: the CPU time of a series (server and client in this process) divided by
        // its requests is what a request costs whatever else the machine runs; wall times on a loaded
        // machine are mostly waiting for a core
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long[] cached = new long[200];
        for (int i = 0; i < 50; i++) {
            get(client, server, "/api/v1/images/frame0?size=512");
            get(client, server, "/health");
        }
        long cpu0 = os.getProcessCpuTime();
        for (int i = 0; i < cached.length; i++) {
            cached[i] = get(client, server, "/api/v1/images/frame0?size=512");
        }
        double cachedCpu = (os.getProcessCpuTime() - cpu0) / 1e6 / cached.length;
        // what a browser does with a thumbnail it holds: asks again with its ETag (where the server gives one)
        HttpResponse<byte[]> held = client.send(
                HttpRequest.newBuilder(server.uri("/api/v1/images/frame0?size=512"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String etag = held.headers().firstValue("ETag").orElse(null);
        long[] revalidated = new long[cached.length];
        long cpu1 = os.getProcessCpuTime();
        for (int i = 0; etag != null && i < revalidated.length; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(
                    HttpRequest.newBuilder(server.uri("/api/v1/images/frame0?size=512"))
                            .header("If-None-Match", etag)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            revalidated[i] = System.nanoTime() - t0;
            if (r.statusCode() != 304) {
                throw new IllegalStateException("revalidation answered " + r.statusCode());
            }
        }
        double revalidatedCpu = (os.getProcessCpuTime() - cpu1) / 1e6 / revalidated.length;
        long[] health = new long[cached.length];
        long cpu2 = os.getProcessCpuTime();
        for (int i = 0; i < health.length; i++) {
            health[i] = get(client, server, "/health");
        }
        double healthCpu = (os.getProcessCpuTime() - cpu2) / 1e6 / health.length;
        System.out.printf(
                Locale.ROOT,
                "baseline: GET /health over HTTP median %.2f ms (min %.2f, %d runs, CPU %.3f ms each; load average"
                        + " %.1f)%n",
                median(health),
                min(health),
                health.length,
                healthCpu,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(
                Locale.ROOT,
                "4096² float32 MRC (%d MB) -> 512 px PNG over HTTP: cold median %.1f ms (min %.1f, max %.1f, %d runs);"
                        + " from the render cache median %.2f ms (min %.2f, %d runs, CPU %.3f ms each)%n",
                Files.size(frame) >> 20,
                median(cold),
                min(cold),
                max(cold),
                runs,
                median(cached),
                min(cached),
                cached.length,
                cachedCpu);
        if (etag != null) {
            System.out.printf(
                    Locale.ROOT,
                    "the same revalidated with its ETag (304, no body): median %.2f ms (min %.2f, %d runs, CPU %.3f ms"
                            + " each)%n",
                    median(revalidated),
                    min(revalidated),
                    revalidated.length,
                    revalidatedCpu);
        }
    }

    private static void concurrent(TestServer server, Path root, int runs, int edge) throws Exception {
        int n = 200;
        for (int i = 0; i < n; i++) {
            mrc(root.resolve("img" + i + ".mrc"), edge, i);
        }
        long[] slowest = new long[runs];
        long[] peaks = new long[runs];
        long[] cpu = new long[runs];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(object("r" + run + "i" + i, "img" + i + ".mrc", null));
            }
            post(server, batch);
            resetPeaks();
            long cpu0 = os.getProcessCpuTime();
            HttpClient client = HttpClient.newBuilder()
                    .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            List<CompletableFuture<Long>> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String path = "/api/v1/images/r" + run + "i" + i + "?size=512";
                requests.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return get(client, server, path);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }
            long worst = 0;
            for (CompletableFuture<Long> r : requests) {
                worst = Math.max(worst, r.get());
            }
            slowest[run] = worst;
            cpu[run] = os.getProcessCpuTime() - cpu0;
            peaks[run] = heapPeak();
        }
        System.out.printf(
                Locale.ROOT,
                "200 concurrent 512 px thumbnails of distinct %d² float32 MRCs: slowest request median %.0f ms"
                        + " (min %.0f, max %.0f, %d runs); heap peak median %d MB of -Xmx %d MB; CPU of the whole"
                        + " burst (server and client) median %.0f ms, %.1f ms per image; load average %.1f%n",
                edge,
                median(slowest),
                min(slowest),
                max(slowest),
                runs,
                (long) (median(peaks) * 1e6) >> 20,
                Runtime.getRuntime().maxMemory() >> 20,
                median(cpu),
                median(cpu) / 200,
                os.getSystemLoadAverage());
    }

    private static void registration(TestServer server, Path root, int runs) throws Exception {
        int n = 10_000;
        int batch = 1_000;
        Path dir = Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < n; i++) {
            Files.write(dir.resolve("f" + i + ".bin"), new byte[] {(byte) i});
        }
        double[] rates = new double[runs];
        double[] cpuPerObject = new double[runs];
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs + 1; run++) {
            long cpu0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int from = 0; from < n; from += batch) {
                List<Map<String, Object>> items = new ArrayList<>();
                for (int i = from; i < from + batch; i++) {
                    Map<String, Object> o = object("reg" + run + "-" + i, "many/f" + i + ".bin", List.of(1));
                    items.add(o);
                }
                post(server, items);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run > 0) {
                rates[run - 1] = n / seconds;
                cpuPerObject[run - 1] = (os.getProcessCpuTime() - cpu0) / 1e3 / n;
            }
        }
        Arrays.sort(rates);
        Arrays.sort(cpuPerObject);
        System.out.printf(
                Locale.ROOT,
                "registering 10,000 data objects in batches of 1,000 over HTTP: median %.0f objects/s (min %.0f,"
                        + " max %.0f, %d runs after one warm-up; CPU of server and client median %.0f µs per object;"
                        + " load average %.1f)%n",
                rates[rates.length / 2],
                rates[0],
                rates[rates.length - 1],
                runs,
                cpuPerObject[cpuPerObject.length / 2],
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Map<String, Object> object(String uid, String path, List<Integer> shape) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("uid", uid);
        o.put("path", path);
        o.put("kind", "micrograph");
        o.put("session", "bench");
        if (shape != null) {
            o.put("shape", shape);
            o.put("dtype", "uint8");
        }
        return o;
    }

    private static void register(TestServer server, String uid, String path, List<Integer> shape) {
        post(server, List.of(object(uid, path, shape)));
    }

    private static void post(TestServer server, List<Map<String, Object>> items) {
        TestServer.Response r = server.post("/api/v1/data-objects", items);
        if (r.status() != 201 && r.status() != 200) {
            throw new IllegalStateException("registration failed: " + r.status() + " " + r.body());
        }
    }

    private static long get(HttpClient client, TestServer server, String path) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = client.send(
                HttpRequest.newBuilder(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": " + r.statusCode() + " " + new String(r.body()));
        }
        return t;
    }

    private static Path mrc(Path file, int edge, int seed) throws Exception {
        Random random = new Random(seed);
        float[] values = new float[edge * edge];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        MrcWriter.write(
                file,
                new MrcWriter.Spec(edge, edge, 1, PixelType.FLOAT32, Layout.IMAGE, 1.0, ByteOrder.LITTLE_ENDIAN),
                z -> values);
        return file;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks since the last reset, in bytes (an upper bound of the heap's peak). */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double min(long[] nanos) {
        return Arrays.stream(nanos).min().orElse(0) / 1e6;
    }

    private static double max(long[] nanos) {
        return Arrays.stream(nanos).max().orElse(0) / 1e6;
    }
}
