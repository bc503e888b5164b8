package io.sightline.simulate.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SmartEM's real epuplayer (DiamondLightSource/smartem-devtools, {@code packages/smartem-epuplayer}), run as a
 * separate Python process. Found through {@code -Dsightline.epuplayer=DIR} or {@code SIGHTLINE_EPUPLAYER=DIR},
 * DIR being that package folder (the one holding {@code smartem_epuplayer/}); it needs a {@code python3} that
 * can import {@code watchdog} (Debian's {@code python3-watchdog}), taken from {@code -Dsightline.python}, else
 * {@code python3} on the PATH, else {@code /usr/bin/python3}.
 */
record Epuplayer(String python, Path packageDir) {

    /** What a run printed (standard output and error together) and how it ended. */
    record Run(int exitCode, String output) {}

    /** Either a usable epuplayer or why there is none, for a test's skip message. */
    record Lookup(Epuplayer epuplayer, String whyNot) {}

    static Lookup find() {
        String dir = System.getProperty("sightline.epuplayer", System.getenv("SIGHTLINE_EPUPLAYER"));
        if (dir == null || dir.isBlank()) {
            return new Lookup(
                    null,
                    "no epuplayer: set -Dsightline.epuplayer (or SIGHTLINE_EPUPLAYER) to the packages/smartem-epuplayer"
                            + " folder of a DiamondLightSource/smartem-devtools copy");
        }
        Path packageDir = Path.of(dir);
        if (!Files.isRegularFile(packageDir.resolve("smartem_epuplayer/cli.py"))) {
            return new Lookup(null, "no smartem_epuplayer/cli.py under " + packageDir);
        }
        List<String> candidates = new ArrayList<>();
        String property = System.getProperty("sightline.python");
        if (property != null) {
            candidates.add(property);
        }
        candidates.add("python3");
        candidates.add("/usr/bin/python3");
        for (String python : candidates) {
            if (canImportWatchdog(python)) {
                return new Lookup(new Epuplayer(python, packageDir), null);
            }
        }
        return new Lookup(
                null, "no python3 that can import watchdog among " + candidates + " (Debian: python3-watchdog)");
    }

    /** {@code epuplayer replay REC TARGET ARGS...}. */
    Run replay(Path recording, Path target, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(python, "-m", "smartem_epuplayer", "replay", recording.toString(), target.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PYTHONPATH", packageDir.toString());
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("epuplayer did not end; it printed:\n" + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static boolean canImportWatchdog(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import watchdog")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no such program
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
