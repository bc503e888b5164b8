package io.sightline.cli.demo;

import io.sightline.agent.AgentConfig;
import io.sightline.agent.AgentRunner;
import io.sightline.agent.AgentStatus;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Logging;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.server.ServerApp;
import io.sightline.server.ServerConfig;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulatedSession;
import io.sightline.simulate.epu.SimulationListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sightline demo}: the main job on the embedded defaults, in one process and with nothing to set
 * up. A server (H2 under the demo folder, in-process events, loopback), a simulated microscope writing a
 * live EPU session, and an agent watching that session and delivering it to the server; it says where
 * to look while the session is written, checks at the end that the server holds exactly what is on disk,
 * and keeps serving until Ctrl-C.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the main job on the embedded defaults: a Sightline server, a simulated microscope writing "
                    + "a live EPU session, and an agent delivering it to the server. Shows where to look, checks that the "
                    + "server ends up holding exactly what was written, then keeps serving until Ctrl-C.",
            "Everything lives in one folder (--dir): visit/ (the session), server/ (its database), agent/ "
                    + "(the agent's state)."
        },
        footer = {"", "Exit codes: 0 the server holds everything written, 1 it does not, 3 could not start."})
public final class DemoCommand implements Callable<Integer> {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);
    /** The exit code once the check is done; Ctrl-C before that counts as not shown. */
    private volatile int result = ExitCode.FAILED;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "The server's port on 127.0.0.1 (default: 8000; " + "when it is taken, a free one).")
    Integer port;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where the session, the database and the agent's "
                    + "state go (default: a new temporary folder, kept afterwards).")
    Path dir;

    @Option(
            names = "--rate",
            paramLabel = "FILES_PER_S",
            description =
                    "How fast the microscope writes (default: " + "${DEFAULT-VALUE}; 0 = as fast as the disk allows).",
            defaultValue = "40")
    double rate;

    @Option(names = "--seed", paramLabel = "S", description = "Simulation seed (default: the simulator's).")
    Long seed;

    @Option(names = "--exit", description = "Stop once the check is done instead of serving until Ctrl-C.")
    boolean exit;

    @Option(
            names = {"-v", "--verbose"},
            description = "Show the server's and the agent's log (INFO) on standard " + "error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        if (verbose) {
            Logging.longRunning();
        }
        PrintWriter out = spec.commandLine().getOut();
        EpuSimulation options;
        try {
            options = EpuSimulation.defaults().toBuilder()
                    .squares(40)
                    .visitedSquares(4)
                    .holesPerSquare(60)
                    .acquiredHolesPerSquare(12)
                    .micrographsPerHole(3)
                    .atlasTiles(16)
                    .rate(rate)
                    .seed(seed != null ? seed : EpuSimulation.DEFAULT_SEED)
                    .build();
        } catch (IllegalArgumentException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        }
        Path base;
        Path visit;
        try {
            if (dir != null && Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        return fail(
                                ExitCode.USAGE,
                                "--dir " + dir + " is not empty: give a new or empty folder (the "
                                        + "check at the end counts everything the server holds)");
                    }
                }
            }
            base = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("sightline-demo-");
            visit = Files.createDirectories(base.resolve("visit"));
        } catch (IOException e) {
            return fail(ExitCode.ENVIRONMENT, "cannot create the demo folder: " + e.getMessage());
        }

        ServerApp.Running server;
        try {
            server = startServer(base.resolve("server"), out);
        } catch (RuntimeException e) {
            return fail(ExitCode.ENVIRONMENT, "the server could not start: " + e.getMessage());
        }
        URI api = URI.create("http://127.0.0.1:" + server.port() + "/");
        AgentRunner agent;
        try {
            agent = new AgentRunner(
                            AgentConfig.of(visit, api, "demo-microscope")
                                    .withStateDir(base.resolve("agent"))
                                    .withSettle(Duration.ofMillis(200))
                                    .withLogInterval(Duration.ofSeconds(30)),
                            line -> {})
                    .start();
        } catch (RuntimeException e) {
            server.close();
            return fail(ExitCode.ENVIRONMENT, "the agent could not start: " + e.getMessage());
        }
        Thread stop = new Thread(
                () -> {
                    agent.close();
                    server.close();
                    spec.commandLine().getOut().flush();
                    // Ctrl-C after the check: exit with its result rather than the JVM's 130 for an interrupt.
                    Runtime.getRuntime().halt(result);
                },
                "demo-stop");
        Runtime.getRuntime().addShutdownHook(stop);

        out.printf("Dashboard: %s   (open it in a browser: the session appears live)%n", api);
        out.printf("Sightline demo in %s%n", base);
        out.printf("  server  %s  (H2 database in server/, events in-process, loopback only)%n", api);
        out.printf("  agent   watching %s for the microscope's files%n%n", visit);
        out.println("Where to look while the microscope writes:");
        out.printf("  curl -N %sapi/v1/events/stream     every change, live (Server-Sent Events)%n", api);
        out.printf(
                "  curl %sgridsquares                 what the server holds (also /acquisitions, /foilholes, "
                        + "/micrographs)%n",
                api);
        out.printf("  %sdocs                             the API in a browser; %smetrics for Prometheus%n%n", api, api);

        out.printf(
                "1. The microscope writes an EPU session into %s%s ...%n",
                visit, rate > 0 ? " at " + (int) rate + " files/s" : "");
        out.flush();
        SimulatedSession written = EpuSimulator.write(visit, options, progress(out, agent));
        out.printf(
                "   wrote %d files: %d grid squares (%d visited), %d foil-hole manifests, %d micrographs%n",
                written.files(),
                written.gridSquareCount(),
                options.visitedSquares(),
                written.foilHoleManifestCount(),
                written.micrographCount());

        out.println("2. The agent delivers what is left ...");
        out.flush();
        Map<String, Integer> expected = written.entityCounts();
        ServerCounts held = awaitDelivery(api, agent, expected);
        boolean complete = held.counts().equals(expected) && held.duplicates().isEmpty();
        out.printf("   the server holds %s%n", describe(held.counts()));
        if (!held.duplicates().isEmpty()) {
            out.printf("   and these twice: %s%n", held.duplicates());
        }
        EpuDirectory onDisk = new EpuDirectoryReader().read(visit);
        out.printf(
                "   on disk, the readers find %d grid squares, %d foil holes, %d micrographs in %d files%n",
                onDisk.grids().stream().mapToInt(g -> g.squares().size()).sum(),
                onDisk.grids().stream().mapToInt(g -> g.foilHoles().size()).sum(),
                onDisk.grids().stream().mapToInt(g -> g.micrographs().size()).sum(),
                onDisk.filesRead());
        out.println(
                complete
                        ? "3. The server holds exactly what the microscope wrote, each entity once."
                        : "3. The server does NOT hold what was written: expected " + describe(expected) + ".");
        out.println();
        out.println("Look further:");
        out.printf("  ./sightline parse dir %s     the session as the readers see it%n", visit);
        out.printf(
                "  ./sightline simulate epu %s --rate 5 --seed 2     more files for the agent to see arrive%n",
                base.resolve("visit2"));
        out.println("  ./sightline server --help / ./sightline agent watch --help     run them for real");
        result = complete ? ExitCode.OK : ExitCode.FAILED;
        if (exit) {
            out.flush();
            Runtime.getRuntime().removeShutdownHook(stop);
            agent.close();
            server.close();
            return result;
        }
        out.printf("%nStill serving at %s (the dashboard) and watching %s; Ctrl-C stops both.%n", api, visit);
        out.flush();
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops both and exits
        return result;
    }

    /** The server on {@code --port} (8000 by default); if the default is taken, on a free port. */
    private ServerApp.Running startServer(Path dataDir, PrintWriter out) {
        ServerConfig config = ServerConfig.defaults(dataDir);
        int wanted = port != null ? port : 8000;
        if (port == null && !free(wanted)) { // asked first: a failed start logs a stack trace
            out.printf("(port %d is taken: using a free one)%n", wanted);
            return ServerApp.builder(config.withPort(0)).build().start();
        }
        try {
            return ServerApp.builder(config.withPort(wanted)).build().start();
        } catch (RuntimeException e) {
            if (port != null || !portTaken(e)) {
                throw e;
            }
            out.printf("(port %d is taken: using a free one)%n", wanted);
            return ServerApp.builder(config.withPort(0)).build().start();
        }
    }

    private static boolean free(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    /** Every two seconds while the microscope writes: files written and what the agent delivered so far. */
    private static SimulationListener progress(PrintWriter out, AgentRunner agent) {
        return new SimulationListener() {
            private long next = System.nanoTime();

            @Override
            public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {
                if (System.nanoTime() >= next) {
                    next = System.nanoTime() + 2_000_000_000L;
                    AgentStatus status = agent.status();
                    out.printf(
                            "   %d/%d files written; the agent delivered %d change%s, %d waiting%n",
                            index + 1,
                            totalWrites,
                            status.delivered(),
                            status.delivered() == 1 ? "" : "s",
                            status.outboxDepth());
                    out.flush();
                }
            }
        };
    }

    /** Waits until the server holds {@code expected} and the agent has nothing left to send (or times out). */
    private static ServerCounts awaitDelivery(URI api, AgentRunner agent, Map<String, Integer> expected)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (true) {
            AgentStatus status = agent.status();
            ServerCounts held = ServerCounts.of(http, api);
            boolean done = held.counts().equals(expected) && status.outboxDepth() == 0 && status.pendingOrphans() == 0;
            if (done || System.nanoTime() > deadline) {
                return held;
            }
            Thread.sleep(250);
        }
    }

    private static String describe(Map<String, Integer> counts) {
        StringBuilder s = new StringBuilder();
        counts.forEach((resource, n) ->
                s.append(s.isEmpty() ? "" : ", ").append(n).append(' ').append(resource));
        return s.toString();
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println("sightline demo: " + message);
        spec.commandLine().getErr().flush();
        return code;
    }
}
