package io.sightline.simulate.epu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sightline simulate epu}: writes a deterministic, realistic Thermo Fisher EPU visit to disk.
 *
 * <pre>{@code
 * SimulatedSession truth = EpuSimulator.write(out, EpuSimulation.defaults(), SimulationListener.NONE);
 * }</pre>
 *
 * Layout under {@code out} (the visit folder): {@code atlas/<atlas session>/Sample<N>/Atlas/Atlas.dm} with its
 * {@code Tile_*} and {@code Atlas_*} manifests and thumbnails; per grid {@code <session>/EpuSession.dm},
 * {@code Metadata/GridSquare_<id>.dm}, and under {@code Images-Disc1/GridSquare_<id>/} the square's manifest,
 * {@code FoilHoles/} and {@code Data/} manifests with their {@code .jpg} thumbnails (and a small {@code .mrc} beside
 * each micrograph). Windows paths inside the files
 * start with {@code Z:\DoseFractions\<visit>}, which stands for {@code out}.
 */
public final class EpuSimulator {

    private EpuSimulator() {}

    /** What would be written, without writing: the ordered writes and the truth. */
    public static SimulationPlan plan(EpuSimulation options) {
        return EpuPlanner.plan(options);
    }

    /** Writes the simulated visit under {@code out} (created if missing) and returns what was written. */
    public static SimulatedSession write(Path out, EpuSimulation options, SimulationListener listener)
            throws IOException {
        SimulationPlan plan = plan(options);
        Files.createDirectories(out);
        new PlanWriter(
                        out.toAbsolutePath().normalize(),
                        options.rate(),
                        options.partialWrites(),
                        listener == null ? SimulationListener.NONE : listener)
                .write(plan.writes());
        return plan.session();
    }

    public static SimulatedSession write(Path out, EpuSimulation options) throws IOException {
        return write(out, options, SimulationListener.NONE);
    }
}
