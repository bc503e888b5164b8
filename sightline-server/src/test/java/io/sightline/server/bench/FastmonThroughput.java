package io.sightline.server.bench;

import io.sightline.server.testing.SseRecorder;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (not a test) of fast monitoring (issue 14). Part 1: TF-sample registrations per second
 * through {@code POST /api/fastmon-files/bulk/}, one call per STF of {@code samples} samples, from
 * {@code clients} keep-alive clients. Part 2: latency from an STF's bulk registration being sent to each of
 * its {@code tf_file_registered} events reaching a stream client, at 6 STF/s × 7 samples for 30 s.
 *
 * <p>Run: {@code java -cp <test classpath> io.sightline.server.bench.FastmonThroughput [clients [stfs
 * [samples [rounds [postgresql,h2-file]]]]]}.
 */
public final class FastmonThroughput {
    private FastmonThroughput() {}

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int stfs = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<String> engines = args.length > 4 ? List.of(args[4].split(",")) : List.of("postgresql");
        for (String engine : engines) {
            for (int round = 1; round <= rounds; round++) {
                TestDatabase db = engine.equals("postgresql") ? TestDatabase.postgres() : Bench.h2File();
                try (TestServer server = TestServer.start(db)) {
                    registrations(server, engine, round, clients, stfs, samples);
                    latency(server, engine, round);
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
        for (KeepAliveClient c : connections) {
            c.close();
        }
        System.out.printf(
                Locale.ROOT,
                "%s round %d: %d STFs x %d samples in %.2f s: %.0f TF registrations/s (%d clients)%n",
                engine,
                round,
                stfs,
                samples,
                seconds,
                stfs * samples / seconds,
                clients);
    }

    private static void latency(TestServer server, String engine, int round) throws Exception {
        int stfs = 180; // 30 s at 6 STF/s
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long[] latencies = new long[stfs * 7];
        AtomicInteger seen = new AtomicInteger();
        try (SseRecorder rec = SseRecorder.open(server.uri("/api/messages/stream/?msg_types=tf_file_registered"));
                KeepAliveClient client = new KeepAliveClient("127.0.0.1", server.port())) {
            Thread watcher = Thread.ofVirtual().start(() -> {
                int read = 0;
                while (read < latencies.length) {
                    List<SseRecorder.Message> events = rec.events();
                    for (; read < events.size(); read++) {
                        String data = events.get(read).data();
                        int at = data.indexOf("\"stf_filename\":\"") + 16;
                        String stf = data.substring(at, data.indexOf('"', at));
                        latencies[read] = System.nanoTime() - sent.get(stf);
                    }
                    Thread.onSpinWait();
                }
            });
            long period = 1_000_000_000L / 6;
            long t0 = System.nanoTime();
            for (int i = 0; i < stfs; i++) {
                while (System.nanoTime() < t0 + i * period) {
                    Thread.sleep(1);
                }
                String stf = String.format(Locale.ROOT, "swf.%06d.%06d.stf", 2000 + round, i + 1);
                sent.put(stf, System.nanoTime());
                KeepAliveClient.Response r = client.post("/api/fastmon-files/bulk/", bulk(2000 + round, i + 1, 7));
                if (r.status() != 201) {
                    throw new IllegalStateException(r.status() + " " + r.body());
                }
            }
            watcher.join(30_000);
            seen.set(rec.events().size());
        }
        long[] sorted = Arrays.copyOf(latencies, seen.get());
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%s round %d: STF sent -> TF event on a stream client at 6 STF/s x 7: %d events, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                engine,
                round,
                sorted.length,
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
