package io.sightline.server.bench;

import io.sightline.server.ServerApp;
import io.sightline.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Start-to-ready benchmark (not a test): a fresh JVM starting the server on the embedded defaults (H2
 * file database in a new data directory, so the migrations run) until it listens. Run it in a new JVM
 * each time: {@code java -cp <test classpath> io.sightline.server.bench.StartupTime}.
 */
public final class StartupTime {
    private StartupTime() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("sightline-startup");
        long start = System.nanoTime();
        try (ServerApp.Running running = ServerApp.builder(
                        ServerConfig.defaults(dataDir).withPort(0))
                .build()
                .start()) {
            double seconds = (System.nanoTime() - start) / 1e9;
            long sinceJvm = System.currentTimeMillis()
                    - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.printf(
                    Locale.ROOT,
                    "ready on port %d: %.2f s in start(), %.2f s since JVM start (load average %.1f)%n",
                    running.port(),
                    seconds,
                    sinceJvm / 1e3,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
    }
}
