package io.sightline.bench;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarBlockHeader;
import io.sightline.core.star.StarEvent;
import io.sightline.core.star.StarLoop;
import io.sightline.core.star.StarLoopHeader;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarRow;
import io.sightline.core.star.StarStream;
import io.sightline.core.star.StarWriter;
import io.sightline.core.text.TextReadException;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * STAR throughput on a RELION 3.1 particle file of N rows (default 1,000,000; ~300 MB): reading (every row
 * split, two numbers and the image name taken from each), reading every value as a string, streaming a
 * copy (read and write back, byte for byte), and writing rows made in code. Each figure is MB of STAR text
 * per wall-clock second and per CPU-second of the benchmark thread (the shared build machines run other
 * jobs; CPU time does not count waiting for a core), median of the runs; the budget is 100 MB/s for
 * reading and for writing.
 *
 * <p>Run by hand (not a test), with a small heap to show that memory does not grow with the file:
 * {@code java -Xmx64m -cp sightline-bench/target/benchmarks.jar io.sightline.bench.StarThroughput [dir] [rows] [runs]}.
 * The particle file is written to {@code dir} (default /tmp/sightline-star-bench) once and reused.
 */
public final class StarThroughput {

    private static final List<String> COLUMNS = List.of(
            "rlnCoordinateX",
            "rlnCoordinateY",
            "rlnAutopickFigureOfMerit",
            "rlnClassNumber",
            "rlnAnglePsi",
            "rlnImageName",
            "rlnMicrographName",
            "rlnOpticsGroup",
            "rlnCtfMaxResolution",
            "rlnCtfFigureOfMerit",
            "rlnDefocusU",
            "rlnDefocusV",
            "rlnDefocusAngle",
            "rlnCtfBfactor",
            "rlnCtfScalefactor",
            "rlnPhaseShift",
            "rlnAngleRot",
            "rlnAngleTilt",
            "rlnOriginXAngst",
            "rlnOriginYAngst",
            "rlnNormCorrection",
            "rlnLogLikeliContribution",
            "rlnMaxValueProbDistribution",
            "rlnNrOfSignificantSamples",
            "rlnRandomSubset");
    private static final int DISTINCT_ROWS = 4096;

    private StarThroughput() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/sightline-star-bench");
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(dir);
        Path particles = dir.resolve("particles_" + rows + ".star");
        List<StarRow> pool = pool();
        if (!Files.exists(particles)) {
            write(particles, pool, rows);
        }
        long bytes = Files.size(particles);
        System.out.printf(
                Locale.ROOT,
                "file %s: %,d rows, %.1f MB; JVM %s, max heap %d MB%n",
                particles,
                rows,
                bytes / 1e6,
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);

        Path copy = dir.resolve("copy.star");
        Path written = dir.resolve("written.star");
        String[] names = {"read", "read all values", "copy", "write"};
        double[][] wall = new double[names.length][runs];
        double[][] cpu = new double[names.length][runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int run = -1; run < runs; run++) { // run -1 warms the JIT and the page cache
            double checksum = 0;
            StringBuilder line = new StringBuilder("run " + (run + 1) + ":");
            for (int phase = 0; phase < names.length; phase++) {
                long wall0 = System.nanoTime();
                long cpu0 = threads.getCurrentThreadCpuTime();
                switch (phase) {
                    case 0 -> checksum += read(particles, false);
                    case 1 -> checksum += read(particles, true);
                    case 2 -> copy(particles, copy);
                    default -> write(written, pool, rows);
                }
                long cpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
                long wallNanos = System.nanoTime() - wall0;
                if (run >= 0) {
                    wall[phase][run] = bytes / 1e6 / (wallNanos / 1e9);
                    cpu[phase][run] = bytes / 1e6 / (cpuNanos / 1e9);
                    line.append(String.format(
                            Locale.ROOT,
                            " %s %.0f MB/s (%.0f per CPU-s),",
                            names[phase],
                            wall[phase][run],
                            cpu[phase][run]));
                }
            }
            if (run >= 0) {
                System.out.println(line + String.format(Locale.ROOT, " checksum %.3e", checksum));
            }
        }
        if (Files.mismatch(particles, copy) != -1) {
            throw new IllegalStateException("the copy differs from the file read");
        }
        StringBuilder summary = new StringBuilder("median of " + runs + " runs:");
        for (int phase = 0; phase < names.length; phase++) {
            summary.append(String.format(
                    Locale.ROOT,
                    " %s %.0f MB/s (%.0f per CPU-s),",
                    names[phase],
                    median(wall[phase]),
                    median(cpu[phase])));
        }
        System.out.println(summary + String.format(Locale.ROOT, " peak heap used %d MB", peakHeap() >> 20));
    }

    /** Reads every event; per row two numbers and the image name, or (with {@code everyValue}) all values. */
    private static double read(Path file, boolean everyValue) throws TextReadException {
        double sum = 0;
        int defocus = -1;
        int x = -1;
        int image = -1;
        try (StarStream stream = new StarReader().open(file)) {
            for (StarEvent e = stream.next(); e != null; e = stream.next()) {
                if (e instanceof StarLoopHeader h) {
                    defocus = h.column("rlnDefocusU");
                    x = h.column("rlnCoordinateX");
                    image = h.column("rlnImageName");
                } else if (e instanceof StarRow row && defocus >= 0) {
                    if (everyValue) {
                        for (int i = 0; i < row.size(); i++) {
                            sum += row.value(i).length();
                        }
                    } else {
                        sum += row.number(defocus)
                                + row.number(x)
                                + row.value(image).length();
                    }
                }
            }
        }
        return sum;
    }

    /** Streams {@code from} into {@code to} unchanged: rows keep their source text. */
    private static void copy(Path from, Path to) throws IOException, TextReadException {
        try (StarStream in = new StarReader().open(from);
                OutputStream os = Files.newOutputStream(to);
                StarWriter out = StarWriter.of(os)) {
            for (StarEvent e = in.next(); e != null; e = in.next()) {
                out.write(e);
            }
        }
    }

    /** Writes an optics block and {@code rows} particle rows made in code (from a pool of distinct rows). */
    private static void write(Path file, List<StarRow> pool, int rows) throws IOException {
        StarLoop optics = StarLoop.of(
                List.of(
                        "rlnOpticsGroupName",
                        "rlnOpticsGroup",
                        "rlnMicrographOriginalPixelSize",
                        "rlnVoltage",
                        "rlnSphericalAberration",
                        "rlnAmplitudeContrast",
                        "rlnImagePixelSize",
                        "rlnImageSize",
                        "rlnImageDimensionality"),
                List.of(StarRow.of(
                        "opticsGroup1", "1", "0.885000", "200.000000", "1.400000", "0.100000", "3.540000", "64", "2")));
        try (OutputStream os = Files.newOutputStream(file);
                StarWriter out = StarWriter.of(os)) {
            StarBlock opticsBlock = StarBlock.of("optics", 30001, List.of(optics));
            out.write(opticsBlock.header());
            out.write(optics.header());
            out.write(optics.rows().get(0));
            out.write(StarBlockHeader.of("particles", 30001));
            out.write(StarLoopHeader.of(COLUMNS));
            for (int i = 0; i < rows; i++) {
                out.write(pool.get(i % pool.size()));
            }
        }
    }

    /** Distinct particle rows with RELION's formatting (%12.6f and friends), made once. */
    private static List<StarRow> pool() {
        SplittableRandom random = new SplittableRandom(42);
        List<StarRow> rows = new ArrayList<>();
        for (int i = 0; i < DISTINCT_ROWS; i++) {
            int micrograph = i / 200 + 21;
            rows.add(StarRow.of(
                    f(random.nextDouble(0, 4096)),
                    f(random.nextDouble(0, 4096)),
                    f(random.nextDouble(-1, 3)),
                    String.format(Locale.ROOT, "%12d", random.nextInt(1, 51)).strip(),
                    f(random.nextDouble(-180, 180)),
                    String.format(
                            Locale.ROOT,
                            "%06d@Extract/job007/Movies/20170629_%05d_frameImage.mrcs",
                            i % 200 + 1,
                            micrograph),
                    String.format(Locale.ROOT, "MotionCorr/job002/Movies/20170629_%05d_frameImage.mrc", micrograph),
                    "1",
                    f(random.nextDouble(3, 8)),
                    f(random.nextDouble(0, 0.3)),
                    f(random.nextDouble(8000, 25000)),
                    f(random.nextDouble(8000, 25000)),
                    f(random.nextDouble(-180, 180)),
                    f(0),
                    f(1),
                    f(0),
                    f(random.nextDouble(-180, 180)),
                    f(random.nextDouble(0, 180)),
                    f(random.nextDouble(-10, 10)),
                    f(random.nextDouble(-10, 10)),
                    f(random.nextDouble(0.5, 1.5)),
                    String.format(Locale.ROOT, "%.6e", random.nextDouble(1e4, 1e5)),
                    f(random.nextDouble(0, 1)),
                    String.valueOf(random.nextInt(1, 500)),
                    String.valueOf(random.nextInt(1, 3))));
        }
        return rows;
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
