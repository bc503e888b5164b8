package io.sightline.bench;

import io.sightline.agent.client.BackendClient;
import io.sightline.agent.outbox.AgentStore;
import io.sightline.agent.steer.HandlerRegistry;
import io.sightline.agent.steer.LogShipper;
import io.sightline.agent.steer.Outcome;
import io.sightline.agent.steer.SteeringChannel;
import io.sightline.agent.steer.SteeringConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steering channel's round trip against {@code sightline server} started as its own process from the
 * CLI jar, with the agent's real {@link SteeringChannel}s in this process (handlers that do nothing).
 *
 * <p>Round trip of one instruction: from just before the operator's {@code POST .../instructions} to the
 * moment the agent's {@code processed} ack POST came back 2xx (the server answers after storing it). So it
 * covers create → NOTIFY/wake → SSE → agent → {@code received} ack → handler → {@code processed} ack stored.
 * The instruction id is chosen here and sent in the create body, so an ack arriving before the create
 * answer is still matched.
 * <ul>
 *   <li>{@code roundtrip [N]}: one agent, N instructions (default 500) one at a time after 50 unmeasured
 *       warm-up ones; prints p50/p99/max (budget p99 &lt; 100 ms).</li>
 *   <li>{@code soak [--agents 50] [--minutes 5]}: each agent its own session, each receiving one instruction
 *       a second; every 30 s the server's heap after a forced full GC ({@code jcmd PID GC.run}, then
 *       {@code jvm_memory_used_bytes{area="heap"}} from {@code /metrics}), its live platform threads
 *       ({@code jvm_threads_live_threads}; the instruction streams run on virtual threads, which it does not
 *       count, so the open streams are printed too) and the round-trip p99 of that interval; at the end
 *       whether heap and threads stayed flat (mean of the last third within 20 % of the first third).</li>
 * </ul>
 * Run: {@code java -cp sightline-bench/target/benchmarks.jar io.sightline.bench.SteeringRoundTrip
 * sightline-cli/target/sightline.jar roundtrip|soak [options] [--work DIR]}.
 */
public final class SteeringRoundTrip {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern PROCESSED = Pattern.compile("\"status\"\\s*:\\s*\"processed\"");
    private static final String TYPE = "bench.noop";

    private final URI api;
    /** Instruction id → when its create POST was about to go (nanoTime). */
    private final Map<String, Long> started = new ConcurrentHashMap<>();

    private final Map<String, CompletableFuture<Long>> done = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> interval = new ConcurrentLinkedQueue<>();
    private final AtomicLong completed = new AtomicLong();

    private SteeringRoundTrip(URI api) {
        this.api = api;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        String mode = args.length > 1 ? args[1] : "roundtrip";
        int n = 500;
        int agents = 50;
        double minutes = 5;
        Path work = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--agents" -> agents = Integer.parseInt(args[++i]);
                case "--minutes" -> minutes = Double.parseDouble(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> n = Integer.parseInt(args[i]);
            }
        }
        if (work == null) {
            work = Files.createTempDirectory("sightline-steer-bench");
        }
        int port = ServerProcess.freePort();
        URI api = URI.create("http://127.0.0.1:" + port);
        Process server =
                ServerProcess.start(jar, port, work.resolve("server-" + System.nanoTime()), work.resolve("server.log"));
        try {
            ServerProcess.awaitUp(api);
            SteeringRoundTrip bench = new SteeringRoundTrip(api);
            String summary = mode.equals("soak") ? bench.soak(server.pid(), agents, minutes) : bench.roundTrip(n);
            System.out.println(summary);
        } finally {
            server.destroy();
            server.waitFor();
        }
        System.exit(0); // the channels' non-daemon HTTP client threads would otherwise keep the JVM alive
    }

    /** A steering channel of agent {@code agentId} whose processed acks complete this benchmark's records. */
    private SteeringChannel channel(String agentId) throws InterruptedException {
        HandlerRegistry handlers = HandlerRegistry.builder()
                .on(TYPE, i -> new Outcome.Processed(null))
                .build();
        SteeringChannel channel = new SteeringChannel(
                        new BackendClient(api, null, Duration.ofSeconds(30)),
                        agentId,
                        SteeringConfig.DEFAULTS,
                        AgentStore.inMemory("bench-" + agentId + "-" + UUID.randomUUID()),
                        new LogShipper(10_000, 500, Duration.ofSeconds(2), Clock.systemUTC()),
                        session -> handlers)
                .ackListener((id, ack) -> {
                    if (PROCESSED.matcher(ack).find()) {
                        long now = System.nanoTime();
                        Long t0 = started.remove(id);
                        if (t0 != null) {
                            long micros = (now - t0) / 1000;
                            interval.add(micros);
                            completed.incrementAndGet();
                            CompletableFuture<Long> f = done.remove(id);
                            if (f != null) {
                                f.complete(micros);
                            }
                        }
                    }
                });
        channel.start();
        if (!channel.awaitSession(Duration.ofSeconds(30))) {
            throw new IllegalStateException("agent " + agentId + " could not open a session");
        }
        return channel;
    }

    /** Creates instruction {@code id} for the session; its clock starts just before the POST. */
    private void create(String agentId, String session, String id) throws IOException, InterruptedException {
        String body = "{\"instruction_type\":\"" + TYPE + "\",\"instruction_id\":\"" + id + "\"}";
        HttpRequest request = HttpRequest.newBuilder(
                        api.resolve("/agent/" + agentId + "/session/" + session + "/instructions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        started.put(id, System.nanoTime());
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            started.remove(id);
            throw new IllegalStateException("creating an instruction answered " + r.statusCode() + ": " + r.body());
        }
    }

    private String roundTrip(int n) throws Exception {
        String agentId = "bench-rt";
        SteeringChannel channel = channel(agentId);
        String session = channel.sessionId().orElseThrow();
        awaitStream(channel);
        List<Long> micros = new ArrayList<>(n);
        for (int i = 0; i < 50 + n; i++) {
            CompletableFuture<Long> f = new CompletableFuture<>();
            String id = UUID.randomUUID().toString();
            done.put(id, f); // before sending: the ack may come back before the create answer
            create(agentId, session, id);
            long us = f.get(10, TimeUnit.SECONDS);
            if (i >= 50) {
                micros.add(us);
            }
        }
        channel.close();
        Collections.sort(micros);
        return String.format(
                "roundtrip: %d instructions one at a time (after 50 warm-up), create POST -> processed ack "
                        + "accepted: p50 %.1f ms, p99 %.1f ms, max %.1f ms (budget p99 < 100 ms)",
                micros.size(), pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0, micros.getLast() / 1000.0);
    }

    private String soak(long serverPid, int agents, double minutes) throws Exception {
        List<SteeringChannel> channels = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            SteeringChannel c = channel("bench-soak-" + a);
            channels.add(c);
            sessions.add(c.sessionId().orElseThrow());
        }
        for (SteeringChannel c : channels) {
            awaitStream(c);
        }
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(8);
        AtomicLong created = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        for (int a = 0; a < agents; a++) {
            String agentId = "bench-soak-" + a;
            String session = sessions.get(a);
            // spread over the second so that the server sees a steady rate, not 50 at once
            senders.scheduleAtFixedRate(
                    () -> {
                        try {
                            create(agentId, session, UUID.randomUUID().toString());
                            created.incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    },
                    a * 1000L / agents,
                    1000,
                    TimeUnit.MILLISECONDS);
        }
        List<double[]> samples = new ArrayList<>(); // heap MB after GC, live threads
        long end = System.nanoTime() + (long) (minutes * 60e9);
        long t0 = System.nanoTime();
        System.out.printf(
                "soak: %d agents, 1 instruction/s each, %.1f min; server pid %d%n", agents, minutes, serverPid);
        System.out.println(
                "  t(s)  created  processed  interval-p99(ms)  heap-after-GC(MB)  live-threads  open-streams");
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(30_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            List<Long> window = drain();
            double[] m = serverFigures(serverPid);
            samples.add(m);
            System.out.printf(
                    "  %4d  %7d  %9d  %16.1f  %17.1f  %12.0f  %12.0f%n",
                    (System.nanoTime() - t0) / 1_000_000_000L,
                    created.get(),
                    completed.get(),
                    pct(window, 99) / 1000.0,
                    m[0],
                    m[1],
                    m[2]);
        }
        senders.shutdownNow();
        senders.awaitTermination(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!started.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        channels.forEach(SteeringChannel::close);
        int third = Math.max(1, samples.size() / 3);
        double heapFirst = mean(samples.subList(0, third), 0);
        double heapLast = mean(samples.subList(samples.size() - third, samples.size()), 0);
        double threadsFirst = mean(samples.subList(0, third), 1);
        double threadsLast = mean(samples.subList(samples.size() - third, samples.size()), 1);
        return String.format(
                "soak: %d agents x 1/s for %.1f min: %d created, %d processed, %d not acknowledged "
                        + "within 10 s of the end, %d create failures; heap after GC first third %.1f MB, last third %.1f MB "
                        + "(%s); live threads %.0f -> %.0f (%s)",
                agents,
                minutes,
                created.get(),
                completed.get(),
                started.size(),
                failures.get(),
                heapFirst,
                heapLast,
                flat(heapFirst, heapLast),
                threadsFirst,
                threadsLast,
                flat(threadsFirst, threadsLast));
    }

    private static String flat(double first, double last) {
        return last <= first * 1.2 ? "flat" : "GREW";
    }

    private static double mean(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).average().orElse(Double.NaN);
    }

    private List<Long> drain() {
        List<Long> out = new ArrayList<>();
        for (Long v; (v = interval.poll()) != null; ) {
            out.add(v);
        }
        Collections.sort(out);
        return out;
    }

    /** Heap used after a forced full GC (MB), live platform threads, open instruction streams. */
    private double[] serverFigures(long pid) throws Exception {
        Process gc = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid),
                        "GC.run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        gc.waitFor(30, TimeUnit.SECONDS);
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(api.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        double heap = 0;
        Matcher m = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} (\\S+)$")
                .matcher(metrics);
        while (m.find()) {
            heap += Double.parseDouble(m.group(1));
        }
        return new double[] {
            heap / (1024 * 1024),
            gauge(metrics, "jvm_threads_live_threads"),
            gauge(metrics, "sightline_steering_connections_active")
        };
    }

    private static double gauge(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** Waits until the channel's instruction stream is open. */
    private static void awaitStream(SteeringChannel channel) throws InterruptedException {
        for (int i = 0; i < 300 && (channel.stream() == null || channel.stream().connections() == 0); i++) {
            Thread.sleep(100);
        }
        if (channel.stream().connections() == 0) {
            throw new IllegalStateException("the instruction stream did not open");
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty()
                ? -1
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
