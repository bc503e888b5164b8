package io.sightline.pipeline.results;

import io.sightline.core.star.StarEvent;
import io.sightline.core.star.StarLoopHeader;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarRow;
import io.sightline.core.star.StarStream;
import io.sightline.core.text.TextReadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Particles per micrograph from a picking job's output, in either of RELION's shapes: the coordinate-file list
 * ({@code autopick.star}: {@code rlnMicrographName} with {@code rlnMicrographCoordinates}, one coordinates STAR
 * per micrograph whose rows are counted; a file that is not there counts 0, as RELION writes none for a
 * micrograph without picks) or a particle table ({@code rlnMicrographName} with {@code rlnCoordinateX}, one row
 * per particle, counted by micrograph). Streamed; memory is one count per micrograph.
 */
public final class ParticleCounts {
    private ParticleCounts() {}

    /**
     * @param star the job's output STAR
     * @param project the RELION project directory, against which the coordinate files' relative names resolve
     */
    public static List<ParticleCount> read(Path star, Path project) throws TextReadException {
        Map<String, ParticleCount> counts = new LinkedHashMap<>();
        try (StarStream s = new StarReader().open(star)) {
            int name = -1;
            int coordinates = -1;
            boolean particles = false;
            for (StarEvent e = s.next(); e != null; e = s.next()) {
                if (e instanceof StarLoopHeader h) {
                    name = h.column("rlnMicrographName");
                    coordinates = h.column("rlnMicrographCoordinates");
                    particles = h.column("rlnCoordinateX") >= 0;
                } else if (e instanceof StarRow row && name >= 0 && name < row.size()) {
                    String micrograph = row.value(name);
                    String key = MicrographKey.of(micrograph);
                    long add;
                    if (coordinates >= 0 && coordinates < row.size()) {
                        add = coordinateRows(project.resolve(row.value(coordinates)));
                    } else if (particles) {
                        add = 1;
                    } else {
                        continue;
                    }
                    ParticleCount before = counts.get(key);
                    counts.put(
                            key, new ParticleCount(key, micrograph, (before == null ? 0 : before.particles()) + add));
                } else if (!(e instanceof StarRow)) {
                    name = -1;
                }
            }
        }
        return new ArrayList<>(counts.values());
    }

    /** The rows of the first loop of a coordinates file; 0 when the file is absent. */
    private static long coordinateRows(Path file) throws TextReadException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        long rows = 0;
        boolean inLoop = false;
        try (StarStream s = new StarReader().open(file)) {
            for (StarEvent e = s.next(); e != null; e = s.next()) {
                if (e instanceof StarLoopHeader) {
                    if (inLoop) {
                        break;
                    }
                    inLoop = true;
                } else if (e instanceof StarRow && inLoop) {
                    rows++;
                }
            }
        }
        return rows;
    }
}
