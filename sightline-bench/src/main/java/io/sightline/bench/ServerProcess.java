package io.sightline.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the end-to-end benchmarks share about the server they start as a process from the CLI jar. */
final class ServerProcess {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerProcess() {}

    /** Waits up to a minute for {@code /status} to answer 200. */
    static void awaitUp(URI api) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (HTTP.send(
                                        HttpRequest.newBuilder(api.resolve("/status"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server did not start; see its log");
    }

    /** Starts {@code sightline server} from the CLI jar on {@code port}, logging to {@code log}, with {@code more} flags. */
    static Process start(
            java.nio.file.Path jar, int port, java.nio.file.Path dataDir, java.nio.file.Path log, String... more)
            throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(),
                "-jar",
                jar.toString(),
                "server",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dataDir.toString()));
        command.addAll(java.util.List.of(more));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /**
     * A free port: {@code -Dsightline.bench.port=N} when given (on a shared machine each engineer keeps to
     * a range of ports), else one the system picks.
     */
    static int freePort() throws IOException {
        Integer fixed = Integer.getInteger("sightline.bench.port");
        if (fixed != null) {
            return fixed;
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
