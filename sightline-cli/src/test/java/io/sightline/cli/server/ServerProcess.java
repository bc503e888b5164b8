package io.sightline.cli.server;

import io.sightline.server.ServerConfig;
import io.sightline.server.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code sightline server} as its own process (the real command, {@code java -cp <test class path>
 * io.sightline.cli.Main server}), on port 0, for the tests that kill or stop it with a signal. It is
 * ready when it prints its "ready at" line; its log goes to a file beside the data directory.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready at http://([^/]+)/");

    /** Where a server process keeps its data: the embedded H2 under a folder, or a PostgreSQL schema. */
    public record Store(String name, Path dataDir, TestDatabase postgres) {
        public static Store h2(Path dataDir) {
            return new Store("H2", dataDir, null);
        }

        public static Store postgres(Path dataDir) {
            return new Store("PostgreSQL", dataDir, TestDatabase.postgres());
        }

        List<String> arguments() {
            List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
            if (postgres != null) {
                args.addAll(List.of("--db", postgres.jdbcUrl(), "--db-user", postgres.user()));
            }
            return args;
        }

        /** A plain connection to what the server stored (for H2 only while no server holds the file). */
        public Connection connect() throws SQLException {
            return postgres != null
                    ? DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())
                    : DriverManager.getConnection(ServerConfig.h2FileUrl(dataDir), "", "");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Process process;
    private final URI base;
    private final Path log;

    private ServerProcess(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts a server on {@code store} and waits until it says it is ready. */
    public static ServerProcess start(Store store, Path log, String... extra) throws IOException {
        return startOn(store, 0, log, extra);
    }

    /**
     * Starts a server on {@code store} listening on {@code port} (0: any free one), and waits until it says
     * it is ready: a server restarted on the port it had, for clients that keep its address.
     */
    public static ServerProcess startOn(Store store, int port, Path log, String... extra) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "io.sightline.cli.Main",
                "server",
                "--port",
                Integer.toString(port)));
        command.addAll(store.arguments());
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (store.postgres() != null && !store.postgres().password().isEmpty()) {
            builder.environment().put("SIGHTLINE_DB_PASSWORD", store.postgres().password());
        }
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                // keep reading so that the server never blocks on a full pipe; on a thread of its own, not the
                // common pool, which has one thread on a two-core machine and would be held for the server's life
                Thread.ofPlatform()
                        .daemon()
                        .name("server-stdout")
                        .start(() -> out.lines().forEach(l -> {}));
                return new ServerProcess(process, URI.create("http://" + ready.group(1)), log);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server did not start; its log:\n" + Files.readString(log));
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as systemd or Ctrl-C in a container would; answers the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not stop within 120 s of SIGTERM");
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** One ingest item (or any JSON object) from key, value, key, value, ... in that order. */
    static Map<String, Object> item(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
