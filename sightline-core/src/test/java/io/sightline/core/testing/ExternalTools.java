package io.sightline.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Image tools independent of Sightline that tests write files with: Debian's python3 with mrcfile, tifffile and
 * numpy, and ImageMagick's convert. A test that needs one skips with a reason naming the package when it is
 * absent (`.ci/run` installs them).
 */
public final class ExternalTools {

    private ExternalTools() {}

    /** A python3 that imports mrcfile, tifffile and numpy (Debian's, before any other on the PATH). */
    public static Path python() {
        Optional<Path> python = findPython();
        assumeTrue(
                python.isPresent(),
                "python3 with mrcfile, tifffile and numpy not found (apt-get install python3-mrcfile python3-tifffile"
                        + " python3-numpy); skipping tests against files they write");
        return python.get();
    }

    /** ImageMagick's convert, or empty when it is not installed (a stand-in that is not ImageMagick does not count). */
    public static Optional<Path> imageMagick() {
        for (String candidate : List.of("/usr/bin/convert", "/usr/bin/convert-im6.q16", "/usr/local/bin/magick")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p) && run(List.of(candidate, "-version")).contains("ImageMagick")) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Skips the test unless ImageMagick is installed. */
    public static Path requireImageMagick() {
        Optional<Path> convert = imageMagick();
        assumeTrue(
                convert.isPresent(),
                "ImageMagick not found (apt-get install imagemagick); skipping tests against files it writes");
        return convert.get();
    }

    /** Runs a command to its end (at most two minutes) and fails the test unless it exits 0. */
    public static void runOrFail(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    private static Optional<Path> findPython() {
        List<String> candidates = new ArrayList<>(List.of("/usr/bin/python3"));
        candidates.add("python3");
        for (String candidate : candidates) {
            if (run(List.of(candidate, "-c", "import mrcfile, tifffile, numpy; print('ok')"))
                    .strip()
                    .endsWith("ok")) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /** Standard output and error of a command, or "" when it cannot run. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(30, TimeUnit.SECONDS) ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
