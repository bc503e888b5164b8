package io.sightline.server.bench;

import io.sightline.server.fastmon.FastmonRoutes;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (not a test) of fast monitoring (issue 14). Part 1: TF-sample registrations per second
 * through {@code POST /api/fastmon-files/bulk/}, one call per STF of {@code samples} samples, from
 * {@code clients} keep-alive clients. Part 2: latency from an STF's bulk registration being sent to each of
 * its {@code tf_file_registered} events reaching a stream client, at 6 STF/s × 7 samples for 30 s.
 *
 * <p>Run: {@code java -cp <test classpath> io.sightline.server.bench.FastmonThroughput [clients [stfs
 * [samples [rounds [postgresql,h2-file [both|throughput|latency]]]]]]}.
 */
public final class FastmonThroughput {
    private FastmonThroughput() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int stfs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> engines = args.length > 4 ? List.of(args[4].split(",")) : List.of("postgresql");
        String parts = args.length > 5 ? args[5] : "both";
        for (String engine : engines) {
            for (int round = 1; round <= rounds; round++) {
                TestDatabase db = engine.equals("postgresql") ? TestDatabase.postgres() : Bench.h2File();
                try (TestServer server = TestServer.start(db)) {
                    if (!parts.equals("latency")) {
                        registrations(server, engine, round, clients, stfs, samples);
                    }
                    if (!parts.equals("throughput")) {
                        latency(server, engine, round);
                    }
                }
            }
        }
    }

    private static String bulk(long run, int seq, int samples) {
        String stf = String.format(Locale.ROOT, "swf.%06d.%06d.stf", run, seq);
        StringBuilder sb =
                new StringBuilder("{\"run_number\":" + run + ",\"sender\":\"bench\",\"stf\":{\"stf_filename\":\"" + stf
                        + "\",\"tf_count\":" + (samples * 10) + ",\"file_size_bytes\":2000000000},\"samples\":[");
        for (int i = 0; i < samples; i++) {
            String tf = stf.substring(0, stf.length() - 4) + String.format(Locale.ROOT, "_tf_%03d.tf", i + 1);
            sb.append(i == 0 ? "" : ",")
                    .append("{\"tf_filename\":\"")
                    .append(tf)
                    .append("\",\"tf_first\":")
                    .append(i * 10)
                    .append(",\"tf_last\":")
                    .append(i * 10 + 1)
                    .append(",\"file_size_bytes\":4000000}");
        }
        return sb.append("]}").toString();
    }

    private static void registrations(TestServer server, String engine, int round, int clients, int stfs, int samples)
            throws Exception {
        List<String> bodies = new ArrayList<>(stfs);
        for (int i = 0; i < stfs; i++) {
            bodies.add(bulk(1000 + round, i + 1, samples));
        }
        List<KeepAliveClient> connections = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            connections.add(new KeepAliveClient("127.0.0.1", server.port()));
        }
        AtomicInteger next = new AtomicInteger();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> workers = new ArrayList<>();
            for (KeepAliveClient connection : connections) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        KeepAliveClient.Response r = connection.post("/api/fastmon-files/bulk/", bodies.get(i));
                        if (r.status() != 201) {
                            throw new IllegalStateException(r.status() + " " + r.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        for (KeepAliveClient c : connections) {
            c.close();
        }
        System.out.printf(
                Locale.ROOT,
                "%s round %d: %d STFs x %d samples in %.2f s: %.0f TF registrations/s (%d clients);"
                        + " JVM CPU %.2f s (%.0f us per sample, clients included); load average %.1f%n",
                engine,
                round,
                stfs,
                samples,
                seconds,
                stfs * samples / seconds,
                clients,
                cpuSeconds,
                cpuSeconds * 1e6 / (stfs * samples),
                os.getSystemLoadAverage());
    }

    private static void latency(TestServer server, String engine, int round) throws Exception {
        int stfs = 180; // 30 s at 6 STF/s
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long[] latencies = new long[stfs * 7];
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(1);
        // A reader of its own that timestamps each event as its data line is read: polling a recorder's
        // list would time the poll, and spinning on it took a core from the server on this 2-core machine.
        try (Socket socket = new Socket("127.0.0.1", server.port());
                KeepAliveClient client = new KeepAliveClient("127.0.0.1", server.port())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("GET " + FastmonRoutes.STREAM_PATH + "/?msg_types=tf_file_registered HTTP/1.1\r\n"
                                    + "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    BufferedReader in =
                            new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    connected.countDown();
                    String marker = "\"stf_filename\":\"";
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        int at = line.startsWith("data: ") ? line.indexOf(marker) : -1;
                        if (at < 0 || !line.contains("tf_file_registered")) {
                            continue;
                        }
                        long now = System.nanoTime();
                        String stf = line.substring(at + marker.length(), line.indexOf('"', at + marker.length()));
                        int i = seen.getAndIncrement();
                        latencies[i] = now - sent.get(stf);
                        if (i + 1 == latencies.length) {
                            all.countDown();
                            return;
                        }
                    }
                } catch (Exception e) {
                    System.err.println("stream reader: " + e);
                }
            });
            connected.await(10, TimeUnit.SECONDS);
            awaitSubscribed(server);
            long period = 1_000_000_000L / 6;
            long t0 = System.nanoTime();
            for (int i = 0; i < stfs; i++) {
                long wait = t0 + i * period - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String stf = String.format(Locale.ROOT, "swf.%06d.%06d.stf", 2000 + round, i + 1);
                sent.put(stf, System.nanoTime());
                KeepAliveClient.Response r = client.post("/api/fastmon-files/bulk/", bulk(2000 + round, i + 1, 7));
                if (r.status() != 201) {
                    throw new IllegalStateException(r.status() + " " + r.body());
                }
            }
            all.await(30, TimeUnit.SECONDS);
        }
        long[] sorted = Arrays.copyOf(latencies, Math.min(seen.get(), latencies.length));
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s round %d: STF sent -> TF event on a stream client at 6 STF/s x 7: %d of %d events, p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms; load average %.1f%n",
                engine,
                round,
                sorted.length,
                latencies.length,
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Waits until the stream client is registered with the hub, so the first STF is not missed. */
    private static void awaitSubscribed(TestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            TestServer.Response r = server.get(FastmonRoutes.STREAM_PATH + "/status/");
            if (r.body().contains("\"connected_clients\":1")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the stream client did not connect");
    }
}
