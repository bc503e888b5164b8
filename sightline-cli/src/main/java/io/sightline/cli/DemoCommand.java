package io.sightline.cli;

import io.sightline.agent.simulate.EpuSimulation;
import io.sightline.agent.simulate.EpuSimulator;
import io.sightline.agent.simulate.SimulatedSession;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.core.epu.dir.GridModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sightline demo}: the main job on the embedded defaults, end to end, with nothing to set up.
 * Today: simulate an EPU session, read it back with the real readers and show that nothing was lost.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate a small EPU session, read it back and show what was found and where to look next.",
        footer = {"", "Exit codes: 0 everything simulated was read back, 1 something was not."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the session (default: a new "
            + "temporary folder, kept afterwards so you can look at it).")
    Path dir;

    @Option(names = "--seed", paramLabel = "S", description = "Simulation seed (default: the simulator's).")
    Long seed;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = output.out();
        Path visit = dir != null ? dir : Files.createTempDirectory("sightline-demo-");
        EpuSimulation options = EpuSimulation.defaults().toBuilder()
                .squares(40).visitedSquares(4).holesPerSquare(60).acquiredHolesPerSquare(12).micrographsPerHole(3)
                .seed(seed != null ? seed : EpuSimulation.DEFAULT_SEED).build();

        out.printf("1. Simulating an EPU session in %s ...%n", visit);
        out.flush();
        SimulatedSession written = EpuSimulator.write(visit, options);
        out.printf("   wrote %d files: %d grid squares (%d visited), %d foil-hole manifests, %d micrographs%n",
                written.files(), written.gridSquareCount(), options.visitedSquares(),
                written.foilHoleManifestCount(), written.micrographCount());

        out.println("2. Reading it back with the EPU readers ...");
        out.flush();
        long start = System.nanoTime();
        EpuDirectory read = new EpuDirectoryReader().read(visit);
        double seconds = (System.nanoTime() - start) / 1e9;
        int squares = read.grids().stream().mapToInt(g -> g.squares().size()).sum();
        int holes = read.grids().stream().mapToInt(g -> g.foilHoles().size()).sum();
        int micrographs = read.grids().stream().mapToInt(g -> g.micrographs().size()).sum();
        int problems = read.allProblems().size();
        out.printf("   read %d files in %.2f s: %d grid%s, %d grid squares, %d foil holes, %d micrographs, "
                        + "%d problems%n", read.filesRead(), seconds, read.grids().size(),
                read.grids().size() == 1 ? "" : "s", squares, holes, micrographs, problems);
        for (GridModel grid : read.grids()) {
            out.printf("   grid %s: session %s, atlas %s%n", grid.folder().getFileName(),
                    grid.session() == null ? "unreadable" : grid.session().id(),
                    grid.atlas() == null ? "not found" : grid.atlas().sessionId() + " ("
                            + grid.atlas().squares().size() + " squares positioned)");
        }

        boolean complete = squares == written.gridSquareCount() && micrographs == written.micrographCount()
                && problems == 0;
        out.println(complete ? "3. Everything written was read back." : "3. Something written was NOT read back.");
        out.println();
        out.println("Look further:");
        out.println("  ./sightline parse dir " + visit + "        the summary per grid");
        out.println("  ./sightline parse dir " + visit + " --json the full model");
        out.println("  ./sightline validate " + visit);
        out.println("  ./sightline simulate epu --help               make other sessions (live, half-written, big)");
        out.flush();
        return complete ? ExitCode.OK : ExitCode.FAILED;
    }
}
