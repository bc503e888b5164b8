package io.sightline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher rebuilds the command when sources change while a server started by it is still running.
 * Maven rewrites its jar in place, so a server running from that file would read new bytes at old offsets
 * (and spin on {@code NoClassDefFoundError}); the launcher must run a copy that a rebuild replaces only by
 * a rename. Runs after {@code package}, on the shaded jar, in a copy of the project layout whose
 * {@code mvnw} stands in for Maven by rewriting the built jar in place, as Maven does.
 */
@DisabledOnOs(OS.WINDOWS)
class LauncherRebuildIT {
    private static final Pattern READY = Pattern.compile("ready at http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path root;

    @Test
    void aRunningServerStillAnswersAfterTheLauncherRebuildsTheCommand() throws Exception {
        Path shaded = Path.of("target", "sightline.jar").toAbsolutePath();
        assertThat(shaded).as("the shaded jar (run after package)").isRegularFile();
        Path rebuilt = root.resolve("rebuilt.jar");
        writeShiftedCopy(shaded, rebuilt);
        Path source = layOutProject(shaded, rebuilt);

        Process server = launch(List.of(
                "server", "--port", "0", "--data-dir", root.resolve("data").toString()));
        try {
            int port = awaitReadyPort(server);
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            assertThat(get(http, port, "/health").statusCode()).isEqualTo(200);

            // sources change; the next command rebuilds (in place, as Maven does) and swaps the jar
            Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
            Process version = launch(List.of("--version"));
            String versionOut = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(version.exitValue()).as(versionOut).isZero();
            assertThat(versionOut).contains("sightline ");

            // requests that load classes the server had not loaded yet still work
            assertThat(get(http, port, "/openapi.json").statusCode()).isEqualTo(200);
            assertThat(get(http, port, "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(http, port, "/acquisitions").statusCode()).isEqualTo(200);
            HttpResponse<String> missing = get(http, port, "/no/such/route");
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            Path built = root.resolve("sightline-cli/target/sightline.jar");
            Path running = root.resolve("sightline-cli/target/run/sightline.jar");
            assertThat(Files.mismatch(built, rebuilt))
                    .as("the stand-in Maven rewrote the built jar")
                    .isEqualTo(-1);
            assertThat(Files.mismatch(running, rebuilt))
                    .as("the next start runs the new jar")
                    .isEqualTo(-1);
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The launcher and a project tree it accepts; returns a source file whose change makes it rebuild. */
    private Path layOutProject(Path shaded, Path rebuilt) throws IOException {
        Path launcher = root.resolve("sightline");
        Files.copy(Path.of("..", "sightline").toAbsolutePath(), launcher);
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path source = root.resolve("sightline-core/src/main/java/Example.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Example {}\n");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(
                root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
        Path built = root.resolve("sightline-cli/target/sightline.jar");
        Files.createDirectories(built.getParent());
        Files.copy(shaded, built);
        Path mvnw = root.resolve("mvnw");
        // rewrites the built jar in place (same inode), as Maven's jar and shade plugins do
        Files.writeString(mvnw, "#!/bin/sh\ncat '" + rebuilt + "' > sightline-cli/target/sightline.jar\n");
        for (Path script : List.of(launcher, mvnw)) {
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return source;
    }

    private Process launch(List<String> args) throws IOException {
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", root.resolve("sightline").toString()));
        command.addAll(args);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SIGHTLINE_CDS", "off");
        return builder.start();
    }

    /** Reads the server's output until it says where it listens; keeps draining it afterwards. */
    private static int awaitReadyPort(Process server) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
                port.completeExceptionally(new IllegalStateException("the server ended before it was ready:\n" + seen));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return port.get(90, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The same jar with a padding entry first, so every class sits at a different offset. */
    private static void writeShiftedCopy(Path jar, Path target) throws IOException {
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            out.putNextEntry(new ZipEntry("sightline-padding.bin"));
            byte[] padding = new byte[64 * 1024 + 7];
            new java.util.Random(7).nextBytes(padding);
            out.write(padding);
            out.closeEntry();
            var entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
