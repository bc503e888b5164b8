package io.sightline.server.bench;

import io.sightline.server.fastmon.FastmonRoutes;
import io.sightline.server.sse.SseHub;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Benchmark (not a test) of stream fan-out: {@code clients} SSE clients on {@value SseHub#STREAM_PATH}
 * while micrographs are ingested at {@code rate} per second (in 50 requests a second) for {@code seconds}. For each
 * delivered event it takes the time from just before the producing request was sent to the moment a
 * client read the event's data line: an upper bound of delivery latency, since it includes the write
 * itself. Prints p50/p99/max, deliveries, clients dropped as too slow, and the JVM's peak heap (clients
 * included: they run in this JVM, with a few KB each).
 *
 * <p>Run: {@code java -cp <test classpath> io.sightline.server.bench.StreamFanout [clients [rate
 * [seconds [ingest|swf]]]]} (defaults 500, 200, 30, ingest). With {@code swf} the clients read the fast
 * monitoring stream ({@code /api/messages/stream/?msg_types=tf_file_registered}, issue 14) and the events
 * are TF samples registered through {@code POST /api/fastmon-files/bulk/}, one STF per request.
 */
public final class StreamFanout {
    private StreamFanout() {}

    private static final int MAX_MS = 60_000;

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Mode mode = args.length > 3 && args[3].equals("swf") ? Mode.SWF : Mode.INGEST;
        int events = rate * seconds;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (TestServer server = TestServer.start(TestDatabase.h2())) {
            String hole = mode == Mode.INGEST ? parents(server) : null;
            long[] sentAt = new long[events];
            AtomicLongArray histogram = new AtomicLongArray(MAX_MS + 1);
            AtomicLong delivered = new AtomicLong();
            AtomicLong dropped = new AtomicLong();
            Map<Integer, Socket> sockets = new ConcurrentHashMap<>();
            CountDownLatch connected = new CountDownLatch(clients);
            CountDownLatch done = new CountDownLatch(clients);
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread.ofVirtual().start(() -> {
                    try (Socket socket = new Socket("127.0.0.1", server.port())) {
                        sockets.put(client, socket);
                        read(socket, mode, connected, sentAt, histogram, delivered, dropped, events);
                    } catch (Exception e) {
                        System.err.println("client " + client + ": " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            if (!connected.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("only " + (clients - connected.getCount()) + " clients connected");
            }
            long peakHeap = 0;
            // Events go out in small batches, 50 requests a second, so that the producer keeps the rate even
            // when one request takes longer than 1/rate; each event is timed from its own request's start.
            int perRequest = Math.max(1, rate / 50);
            long period = 1_000_000_000L * perRequest / rate;
            long start = System.nanoTime();
            for (int first = 0, n = 0; first < events; first += perRequest, n++) {
                long wait = start + n * period - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long now = System.nanoTime();
                int last = Math.min(events, first + perRequest);
                for (int i = first; i < last; i++) {
                    sentAt[i] = now;
                }
                TestServer.Response r =
                        mode == Mode.INGEST ? ingest(server, hole, first, last, n) : swf(server, first, last, n);
                if (r.status() != 200 && r.status() != 201) {
                    throw new IllegalStateException("producer answered " + r.status() + ": " + r.body());
                }
                if (n % 50 == 0) {
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                }
            }
            double producedSeconds = (System.nanoTime() - start) / 1e9;
            long expected = (long) events * clients;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (delivered.get() < expected && System.nanoTime() < deadline) {
                peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                Thread.sleep(100);
            }
            sockets.values().forEach(s -> {
                try {
                    s.close();
                } catch (Exception ignored) {
                    // closing to end the readers
                }
            });
            done.await(30, TimeUnit.SECONDS);
            System.out.printf(
                    Locale.ROOT,
                    "%d clients, %d events at %.0f events/s: %d of %d deliveries; latency p50 %d ms,"
                            + " p99 %d ms, p99.9 %d ms, max %d ms; %d clients dropped as too slow; peak heap %d MB (clients included);"
                            + " load average %.1f%n",
                    clients,
                    events,
                    events / producedSeconds,
                    delivered.get(),
                    expected,
                    percentile(histogram, 0.50),
                    percentile(histogram, 0.99),
                    percentile(histogram, 0.999),
                    percentile(histogram, 1.0),
                    dropped.get(),
                    peakHeap >> 20,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** What the clients read and what produces their events. */
    private enum Mode {
        /** The acquisition stream, micrographs ingested. */
        INGEST(SseHub.STREAM_PATH, "\"micrograph_id\":\"B"),
        /** The fast-monitoring stream, TF samples registered in bulk. */
        SWF(FastmonRoutes.STREAM_PATH + "/?msg_types=tf_file_registered", "\"tf_filename\":\"fan-B");

        final String path;
        /** Text just before an event's index in its data line. */
        final String marker;

        Mode(String path, String marker) {
            this.path = path;
            this.marker = marker;
        }
    }

    /** Micrographs {@code first}..{@code last - 1} in one ingest request. */
    private static TestServer.Response ingest(TestServer server, String hole, int first, int last, int n) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = first; i < last; i++) {
            items.add(Bench.item(
                    "micrograph", UUID.randomUUID().toString(), "foilhole_uuid", hole, "micrograph_id", "B" + i));
        }
        return server.send(HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "fanout-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(Map.of("items", items)))));
    }

    /** TF samples {@code first}..{@code last - 1} of STF {@code n} in one bulk registration. */
    private static TestServer.Response swf(TestServer server, int first, int last, int n) {
        List<Map<String, Object>> samples = new java.util.ArrayList<>();
        for (int i = first; i < last; i++) {
            samples.add(Map.of("tf_filename", "fan-B" + i, "tf_first", i - first, "tf_last", i - first));
        }
        Map<String, Object> body = Map.of(
                "run_number",
                100010,
                "sender",
                "fan-out",
                "stf",
                Map.of("stf_filename", "fan-" + n + ".stf", "tf_count", 1000),
                "samples",
                samples);
        return server.send(HttpRequest.newBuilder(server.uri("/api/fastmon-files/bulk/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(body))));
    }

    /** Reads one stream, recording the latency of every event until the last one or an error. */
    private static void read(
            Socket socket,
            Mode mode,
            CountDownLatch connected,
            long[] sentAt,
            AtomicLongArray histogram,
            AtomicLong delivered,
            AtomicLong dropped,
            int events)
            throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + mode.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        if (status == null || !status.contains(" 200")) {
            throw new IllegalStateException("stream answered " + status);
        }
        connected.countDown();
        String marker = mode.marker;
        int seen = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("event: error")) {
                dropped.incrementAndGet();
                return;
            }
            int at = line.startsWith("data: ") ? line.indexOf(marker) : -1;
            if (at < 0) {
                continue;
            }
            long now = System.nanoTime();
            int from = at + marker.length();
            int to = line.indexOf('"', from);
            int i = Integer.parseInt(line, from, to, 10);
            long ms = Math.min(MAX_MS, (now - sentAt[i]) / 1_000_000);
            histogram.incrementAndGet((int) ms);
            delivered.incrementAndGet();
            if (++seen == events) {
                return;
            }
        }
    }

    private static long percentile(AtomicLongArray histogram, double p) {
        long total = 0;
        for (int i = 0; i < histogram.length(); i++) {
            total += histogram.get(i);
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < histogram.length(); i++) {
            seen += histogram.get(i);
            if (seen >= rank && seen > 0) {
                return i;
            }
        }
        return -1;
    }

    /** Acquisition, grid, square and hole the micrographs hang from; answers the hole's uuid. */
    private static String parents(TestServer server) {
        String acquisition = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Bench.item("acquisition", acquisition, "name", "fan-out"));
        items.add(Bench.item("grid", grid, "acquisition_uuid", acquisition, "name", "Grid_1"));
        items.add(Bench.item("gridsquare", square, "grid_uuid", grid, "gridsquare_id", "1"));
        items.add(Bench.item("foilhole", hole, "gridsquare_uuid", square, "foilhole_id", "1_1"));
        TestServer.Response r = server.send(HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "fanout-parents")
                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(Map.of("items", items)))));
        if (r.status() != 200) {
            throw new IllegalStateException("set-up answered " + r.status() + ": " + r.body());
        }
        return hole;
    }
}
