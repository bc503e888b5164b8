package io.sightline.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the real EPU samples (system property {@code sightline.samples}); skips the test when absent. */
public final class Samples {
    private Samples() {}

    public static Path dir() {
        String p = System.getProperty("sightline.samples");
        assumeTrue(
                p != null && Files.isDirectory(Path.of(p)),
                "real EPU samples not found (sightline.samples=" + p + "); skipping real-sample test");
        return Path.of(p).toAbsolutePath().normalize();
    }

    public static Path file(String relative) {
        Path f = dir().resolve(relative);
        assumeTrue(Files.isRegularFile(f), "sample " + f + " missing; skipping");
        return f;
    }

    public static final String GRID = "grid-2025";
    public static final String SQUARE_8999138 = GRID + "/Images-Disc1/GridSquare_8999138";
    public static final String MICROGRAPH =
            SQUARE_8999138 + "/Data/FoilHole_9015883_Data_9017347_6_20250108_154915.xml";
    public static final String FOIL_HOLE_LATEST = SQUARE_8999138 + "/FoilHoles/FoilHole_9015889_20250108_154725.xml";
    public static final String FOIL_HOLE_EARLIER = SQUARE_8999138 + "/FoilHoles/FoilHole_9015889_20250108_154715.xml";
    public static final String SQUARE_MANIFEST = SQUARE_8999138 + "/GridSquare_20250108_151151.xml";
}
