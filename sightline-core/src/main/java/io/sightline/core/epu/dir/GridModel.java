package io.sightline.core.epu.dir;

import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.EpuSession;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.MicrographManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One grid: everything under the folder of one {@code EpuSession.dm}. Maps are sorted by key.
 *
 * @param folder      the grid folder (parent of {@code EpuSession.dm})
 * @param session     null when {@code EpuSession.dm} could not be read (see {@code problems})
 * @param atlasFile   the atlas found through the session's reference; null when not found
 * @param atlas       null when not found or not readable
 * @param squares     by grid-square id
 * @param foilHoles   by foil-hole id
 * @param micrographs by uniqueID, all of them, including those listed in {@code pending}
 * @param pending     children whose parent is not known
 * @param problems    files of this grid that could not be read
 */
public record GridModel(
        Path folder,
        EpuSession session,
        Path atlasFile,
        Atlas atlas,
        Map<Long, GridSquare> squares,
        Map<Long, FoilHole> foilHoles,
        Map<String, MicrographManifest> micrographs,
        List<Pending> pending,
        List<Problem> problems) {}
