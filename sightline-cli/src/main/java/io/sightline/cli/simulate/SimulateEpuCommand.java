package io.sightline.cli.simulate;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Progress;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.EpuSimulator;
import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulatedSession;
import io.sightline.simulate.epu.SimulationListener;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline simulate epu OUT}: a realistic EPU session, deterministic for a seed. */
@Command(
        name = "epu",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a realistic Thermo Fisher EPU session into OUT (a visit folder): atlas, one folder per "
                    + "grid with EpuSession.dm, Metadata/ and Images-Disc1/, in the order and bursts EPU writes them.",
            "The same seed and options give byte-identical files."
        },
        footer = {
            "",
            "Examples:",
            "  sightline simulate epu /tmp/visit                          a small session, as fast as possible",
            "  sightline simulate epu /tmp/visit --rate 20 --partial-writes   live, 20 files/s, half-written files",
            "  sightline simulate epu /tmp/visit --benchmark              the two-day benchmark workload",
            "",
            "Exit codes: 0 written, 1 could not write, 2 usage error."
        })
public final class SimulateEpuCommand implements Callable<Integer> {

    private static final EpuSimulation DEFAULTS = EpuSimulation.defaults();

    @Parameters(index = "0", paramLabel = "OUT", description = "The visit folder to write into (created if missing).")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seeds every id, time and position (default: " + EpuSimulation.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--grids", paramLabel = "G", description = "Grids, each an EPU session (default: 1).")
    Integer grids;

    @Option(names = "--squares", paramLabel = "N", description = "Grid squares per grid (default: 20).")
    Integer squares;

    @Option(names = "--visited", paramLabel = "V", description = "Squares that get imaged and acquired (default: 3).")
    Integer visited;

    @Option(
            names = "--holes-per-square",
            paramLabel = "H",
            description = "Foil-hole targets per visited square " + "(default: 24).")
    Integer holesPerSquare;

    @Option(
            names = "--acquired-holes",
            paramLabel = "A",
            description = "Targets per visited square that get " + "acquired (default: 8; 'all' for every target).",
            converter = AllOrCount.class)
    Integer acquiredHoles;

    @Option(
            names = "--micrographs-per-hole",
            paramLabel = "K",
            description = "Micrographs per acquired hole " + "(default: 2).")
    Integer micrographsPerHole;

    @Option(
            names = "--foilhole-manifests",
            paramLabel = "M",
            description = "Foil-hole manifests per grid (default: "
                    + "one per acquired hole, a second for about one in five; 'auto').",
            converter = AllOrCount.class)
    Integer foilHoleManifests;

    @Option(
            names = "--atlas-tiles",
            paramLabel = "T",
            description = "Atlas tiles; the atlas grows with tiles x " + "squares (default: 64).")
    Integer atlasTiles;

    @Option(
            names = "--visit",
            paramLabel = "NAME",
            description = "Visit name in the Windows paths (default: " + "bi23047-1).")
    String visit;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Files per second; 0 writes as fast as possible " + "(default: 0).")
    Double rate;

    @Option(
            names = "--order",
            paramLabel = "ORDER",
            description = "realistic, children-first or random " + "(default: realistic).")
    String order;

    @Option(
            names = "--partial-writes",
            description = "Write each file in several flushed pieces, so a watcher sees " + "half-written XML.")
    boolean partialWrites;

    @Option(
            names = "--benchmark",
            description =
                    "Start from the benchmark workload: 420 squares (10 visited, 570 "
                            + "holes each), 5,000 micrographs, 100 foil-hole manifests, a ~110 MB atlas. Other options override it.")
    boolean benchmark;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() throws Exception {
        EpuSimulation options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            output.failure(e.getMessage());
            return ExitCode.USAGE;
        }
        long start = System.nanoTime();
        SimulatedSession session;
        try (Progress progress = new Progress(output.showProgress(), System.err, "writing")) {
            session = EpuSimulator.write(out, options, new SimulationListener() {
                @Override
                public void started(int totalWrites) {
                    progress.progress(0, totalWrites);
                }

                @Override
                public void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {
                    progress.progress(index, totalWrites);
                }
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (output.json()) {
            output.printJson(session);
        } else {
            output.out()
                    .printf(
                            "%s: %d grid%s, %d grid squares, %d foil-hole manifests, %d micrographs, %d files "
                                    + "in %.1f s%n",
                            out,
                            session.grids().size(),
                            session.grids().size() == 1 ? "" : "s",
                            session.gridSquareCount(),
                            session.foilHoleManifestCount(),
                            session.micrographCount(),
                            session.files(),
                            seconds);
            output.out().flush();
        }
        return ExitCode.OK;
    }

    EpuSimulation options() {
        EpuSimulation.Builder b = (benchmark ? EpuSimulation.benchmark() : DEFAULTS).toBuilder();
        if (seed != null) b.seed(seed);
        if (grids != null) b.grids(grids);
        if (squares != null) b.squares(squares);
        if (visited != null) b.visitedSquares(visited);
        if (holesPerSquare != null) b.holesPerSquare(holesPerSquare);
        if (acquiredHoles != null) b.acquiredHolesPerSquare(acquiredHoles);
        if (micrographsPerHole != null) b.micrographsPerHole(micrographsPerHole);
        if (foilHoleManifests != null) b.foilHoleManifests(foilHoleManifests);
        if (atlasTiles != null) b.atlasTiles(atlasTiles);
        if (visit != null) b.visit(visit);
        if (rate != null) b.rate(rate);
        if (order != null) {
            try {
                b.order(EpuSimulation.Order.parse(order));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "--order must be realistic, children-first or random, got: " + order);
            }
        }
        b.partialWrites(partialWrites || (!benchmark && DEFAULTS.partialWrites()));
        return b.build();
    }

    /** Accepts a count, or {@code all}/{@code auto} for the simulator's "every one" / "its own choice" value. */
    static final class AllOrCount implements picocli.CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            return v.equals("all") || v.equals("auto") ? EpuSimulation.ALL : Integer.valueOf(v);
        }
    }
}
