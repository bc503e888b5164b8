package io.sightline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.SimulatedSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent end to end, each part a real process: {@code sightline server} and {@code sightline agent
 * watch} started from the CLI jar, files written by the simulator.
 * <ul>
 *   <li>{@code latency}: a session written at 20 files/s while the agent watches; for every micrograph,
 *       the time from its manifest's last write (mtime) to its {@code micrograph.*} event on the server's
 *       SSE stream. The budget is p99 &lt; 500 ms plus the settle window, so the settle window is printed.</li>
 *   <li>{@code catchup}: the benchmark workload (two days, 5,000 micrographs) finished before the agent
 *       starts; the time from starting the agent to every micrograph and foil hole on the server, the
 *       agent's peak RSS (VmHWM) and its CPU seconds over 30 s of nothing changing afterwards.</li>
 * </ul>
 * Run: {@code java -cp sightline-bench/target/benchmarks.jar io.sightline.bench.AgentEndToEnd
 * sightline-cli/target/sightline.jar latency|catchup [WORKDIR]}; it prints one summary line at the end.
 */
public final class AgentEndToEnd {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final double SETTLE_SECONDS = 0.2;

    private AgentEndToEnd() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        String mode = args.length > 1 ? args[1] : "catchup";
        Path work = args.length > 2
                ? Files.createDirectories(Path.of(args[2]))
                : Files.createTempDirectory("sightline-e2e-bench");
        warmLauncher(jar);
        int port = ServerProcess.freePort();
        URI api = URI.create("http://127.0.0.1:" + port);
        List<String> serverArgs = new ArrayList<>(List.of(
                "server",
                "--port",
                Integer.toString(port),
                "--data-dir",
                work.resolve("server-" + System.nanoTime()).toString()));
        String extra = System.getProperty("bench.serverArgs", "").strip(); // e.g. "--db jdbc:postgresql://..."
        if (!extra.isEmpty()) {
            serverArgs.addAll(List.of(extra.split("\\s+")));
        }
        Process server = launch(jar, work.resolve("server.log"), serverArgs.toArray(String[]::new));
        try {
            ServerProcess.awaitUp(api);
            String summary = mode.equals("latency") ? latency(jar, api, work) : catchUp(jar, api, work, server.pid());
            System.out.println(summary);
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static String latency(Path jar, URI api, Path work) throws Exception {
        Path visit = work.resolve("visit-live-" + System.nanoTime());
        List<Long> latencies = new CopyOnWriteArrayList<>();
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        Thread sse = Thread.ofPlatform().daemon().start(() -> listen(api, latencies, seen, true));
        Process agent = agent(jar, api, visit, work, "live");
        try {
            EpuSimulation options = EpuSimulation.builder()
                    .squares(20)
                    .visitedSquares(3)
                    .holesPerSquare(24)
                    .acquiredHolesPerSquare(8)
                    .micrographsPerHole(2)
                    .atlasTiles(16)
                    .rate(20)
                    .partialWrites(true)
                    .build();
            SimulatedSession truth = EpuSimulator.write(visit, options);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (latencies.size() < truth.micrographCount() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return String.format(
                    "latency: %d/%d micrographs, file settled+visible on SSE p50 %d ms, p99 %d ms, max %d ms "
                            + "(settle window %.0f ms; budget p99 < %.0f ms)",
                    sorted.size(),
                    truth.micrographCount(),
                    pct(sorted, 50),
                    pct(sorted, 99),
                    sorted.isEmpty() ? -1 : sorted.getLast(),
                    SETTLE_SECONDS * 1000,
                    500 + SETTLE_SECONDS * 1000);
        } finally {
            agent.destroy();
            agent.waitFor();
            sse.interrupt();
        }
    }

    /**
     * Reads the SSE stream, noting each micrograph's manifest file once; with {@code timed}, its latency:
     * now minus the file's mtime. Cheap per line (no JSON tree), so that it keeps up with a catch-up.
     */
    private static void listen(URI api, List<Long> latencies, Map<String, Boolean> seen, boolean timed) {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/api/v1/events/stream"))
                .header("Accept", "text/event-stream")
                .build();
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("data:") || !line.contains("manifest_file")) {
                        continue;
                    }
                    long now = System.currentTimeMillis();
                    String file = stringField(line, "manifest_file");
                    if (file != null && seen.putIfAbsent(file, true) == null && timed) {
                        latencies.add(
                                now - Files.getLastModifiedTime(Path.of(file)).toMillis());
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // the stream ends with the run
        }
    }

    /** The value of {@code "name":"..."} in a line of JSON, for values without escapes (paths here). */
    private static String stringField(String json, String name) {
        String key = "\"" + name + "\":\"";
        int from = json.indexOf(key);
        if (from < 0) {
            return null;
        }
        from += key.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    private static String catchUp(Path jar, URI api, Path work, long serverPid) throws Exception {
        Path visit = work.resolve("visit-benchmark");
        SimulatedSession truth;
        if (!Files.isDirectory(visit)) {
            truth = EpuSimulator.write(visit, EpuSimulation.benchmark());
        } else {
            truth = EpuSimulator.plan(EpuSimulation.benchmark()).session(); // written by an earlier run
        }
        String warm = System.getProperty("bench.warm", "steady");
        if (!warm.equals("none")) {
            warmUp(jar, api, work, serverPid, warm.equals("full"));
        }
        // Done is counted on the event stream, not by listing /micrographs every few ms: each listing
        // serialises every micrograph on the server, which shares the two cores with the agent.
        List<Long> ignored = new CopyOnWriteArrayList<>();
        Map<String, Boolean> seen = new ConcurrentHashMap<>();
        Thread sse = Thread.ofPlatform().daemon().start(() -> listen(api, ignored, seen, false));
        readAll(visit);
        long micrographsBefore = count(api, "/micrographs");
        long holesBefore = count(api, "/foilholes");
        double serverCpuBefore = cpuSeconds(serverPid);
        Map<String, Double> serverThreadsBefore = cpuByThreadGroup(serverPid);
        long start = System.nanoTime();
        Process agent = agent(jar, api, visit, work, "catchup");
        try {
            long nextPoll = 0;
            while (seen.size() < truth.micrographCount()) {
                Thread.sleep(20);
                // only if the server dropped this client is the end found by listing
                if (!sse.isAlive() && System.nanoTime() > nextPoll) {
                    if (count(api, "/micrographs") - micrographsBefore >= truth.micrographCount()) {
                        break;
                    }
                    nextPoll = System.nanoTime() + 250_000_000L;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double agentCpu = cpuSeconds(agent.pid());
            Map<String, Double> agentThreads = cpuByThreadGroup(agent.pid());
            double serverCpu = cpuSeconds(serverPid) - serverCpuBefore;
            Map<String, Double> serverThreads = minus(cpuByThreadGroup(serverPid), serverThreadsBefore);
            long micrographs = count(api, "/micrographs") - micrographsBefore;
            long holes = count(api, "/foilholes") - holesBefore;
            long hwmAfterCatchUp = vmHwmKb(agent.pid());
            Thread.sleep(5000); // let the last batch and the first rescans pass before measuring idleness
            double cpuBefore = cpuSeconds(agent.pid());
            Thread.sleep(30_000);
            double idleCpu = cpuSeconds(agent.pid()) - cpuBefore;
            return String.format(
                    "catchup: %d micrographs, %d foil holes on the server %.2f s after the agent "
                            + "started (process start included); CPU until then: agent %.2f s %s, server %.2f s %s; agent peak RSS %d MB;"
                            + " CPU %.2f s over 30 s idle",
                    micrographs,
                    holes,
                    seconds,
                    agentCpu,
                    format(agentThreads),
                    serverCpu,
                    format(serverThreads),
                    Math.max(hwmAfterCatchUp, vmHwmKb(agent.pid())) / 1024,
                    idleCpu);
        } finally {
            agent.destroy();
            agent.waitFor();
            sse.interrupt();
        }
    }

    /**
     * Reads every file once, off the clock: the session is in the page cache, as just after EPU wrote
     * it. Without this the figure depended on what the machine had evicted since the last run (the
     * first read of the 213 MB took 1.2 s instead of 0.35 s).
     */
    private static void readAll(Path visit) throws IOException {
        try (var files = Files.walk(visit)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
    }

    /**
     * A facility's server has been running for days when an agent catches up: its code is compiled. So
     * smaller sessions (each another acquisition: another agent id) are caught up first, off the clock,
     * until the server's JIT compilers used under 0.1 s of CPU in a round, or at most 8 rounds; {@code
     * -Dbench.warm=full} makes them the size of the benchmark session, {@code none} skips this.
     */
    private static void warmUp(Path jar, URI api, Path work, long serverPid, boolean full) throws Exception {
        Path visit = work.resolve(full ? "visit-warmup-full" : "visit-warmup");
        EpuSimulation options = full
                ? EpuSimulation.builder()
                        .seed(7)
                        .squares(420)
                        .visitedSquares(10)
                        .holesPerSquare(570)
                        .acquiredHolesPerSquare(250)
                        .micrographsPerHole(2)
                        .foilHoleManifests(100)
                        .atlasTiles(480)
                        .build()
                : EpuSimulation.builder()
                        .seed(7)
                        .squares(60)
                        .visitedSquares(4)
                        .holesPerSquare(200)
                        .acquiredHolesPerSquare(100)
                        .micrographsPerHole(3)
                        .atlasTiles(64)
                        .build();
        SimulatedSession truth =
                Files.isDirectory(visit) ? EpuSimulator.plan(options).session() : EpuSimulator.write(visit, options);
        for (int round = 1; round <= Integer.getInteger("bench.warmRounds", 8); round++) {
            double jitBefore = cpuByThreadGroup(serverPid).getOrDefault("jit", 0.0);
            long before = count(api, "/micrographs");
            Process agent = agent(jar, api, visit, work, "warmup-" + round);
            try {
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (count(api, "/micrographs") < before + truth.micrographCount() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
            } finally {
                agent.destroy();
                agent.waitFor();
            }
            Thread.sleep(1000); // compilations the round queued
            double jit = cpuByThreadGroup(serverPid).getOrDefault("jit", 0.0) - jitBefore;
            System.err.printf(java.util.Locale.ROOT, "warm-up round %d: server JIT %.2f s%n", round, jit);
            if (jit < 0.1) {
                return;
            }
        }
    }

    /**
     * The agent as users start it: through the {@code sightline} launcher beside the jar's module (its JVM
     * flags, heap limit and class-data archive), so its RSS is what they get.
     */
    private static Process agent(Path jar, URI api, Path visit, Path work, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                launcher(jar).toString(),
                "agent",
                "watch",
                visit.toString(),
                "--api-url",
                api.toString(),
                "--agent-id",
                "bench-" + name,
                "--settle",
                Double.toString(SETTLE_SECONDS),
                "--log-interval",
                "5",
                "--state-dir",
                work.resolve("agent-state-" + System.nanoTime()).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("agent-" + name + ".log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** {@code ROOT/sightline} for {@code ROOT/sightline-cli/target/sightline.jar}. */
    private static Path launcher(Path jar) {
        Path launcher = jar.getParent().getParent().getParent().resolve("sightline");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(
                    "no launcher at " + launcher + " (pass the jar under sightline-cli/target)");
        }
        return launcher;
    }

    /** One launcher run before the clock starts: it checks the build and writes its class-data archive once. */
    private static void warmLauncher(Path jar) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher(jar).toString(), "--version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (builder.start().waitFor() != 0) {
            throw new IllegalStateException("the launcher failed: run " + launcher(jar) + " --version");
        }
    }

    /** {@code sightline ARGS} through the launcher, as users run it (its JVM flags for that command). */
    private static Process launch(Path jar, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher(jar).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }

    /** Lists are paged: counts every page (of at most 10,000 entities each). */
    private static long count(URI api, String path) throws Exception {
        final int page = 10_000;
        long total = 0;
        for (long offset = 0; ; offset += page) {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(api.resolve(path + "?limit=" + page + "&offset=" + offset))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            int size = r.statusCode() == 200 ? MAPPER.readTree(r.body()).size() : 0;
            total += size;
            if (size < page) {
                return total;
            }
        }
    }

    private static long vmHwmKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** utime + stime from /proc/PID/stat, in seconds (clock ticks of 100 Hz, as on Linux by default). */
    private static double cpuSeconds(long pid) throws IOException {
        return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime of a {@code /proc/.../stat} file (a process's or one of its threads'), in seconds. */
    private static double cpuSeconds(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /**
     * CPU seconds of a process's live threads by what they do: the JIT compilers, the garbage collector,
     * and the rest (the application). Threads that ended are not counted, so the groups may sum to less
     * than the process's total.
     */
    private static Map<String, Double> cpuByThreadGroup(long pid) throws IOException {
        Map<String, Double> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    double seconds = cpuSeconds(task.resolve("stat"));
                    String group = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                            ? "jit"
                            : name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread")
                                    ? "gc+vm"
                                    : "app";
                    groups.merge(group, seconds, Double::sum);
                } catch (IOException e) {
                    // the thread ended while it was read
                }
            }
        }
        return groups;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> out = new java.util.TreeMap<>();
        after.forEach((group, seconds) -> out.put(group, seconds - before.getOrDefault(group, 0.0)));
        return out;
    }

    private static String format(Map<String, Double> groups) {
        StringBuilder out = new StringBuilder("(");
        groups.forEach((group, seconds) -> out.append(out.length() > 1 ? ", " : "")
                .append(String.format(java.util.Locale.ROOT, "%s %.2f", group, seconds)));
        return out.append(')').toString();
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty()
                ? -1
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
