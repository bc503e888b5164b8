package io.sightline.core.epu.dir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything read from one folder (a grid folder or a visit folder holding several grids).
 *
 * @param root       the folder that was read
 * @param grids      one per {@code EpuSession.dm}, ordered by folder
 * @param unassigned recognised files under no grid folder (and not an atlas a grid uses)
 * @param problems   unreadable files under no grid folder, and folders that could not be listed
 * @param filesRead  how many recognised files were read
 */
public record EpuDirectory(
        Path root, List<GridModel> grids, List<Path> unassigned, List<Problem> problems, int filesRead) {

    /** Problems of all grids plus those outside any grid. */
    public List<Problem> allProblems() {
        List<Problem> all = new ArrayList<>(problems);
        grids.forEach(g -> all.addAll(g.problems()));
        return List.copyOf(all);
    }
}
