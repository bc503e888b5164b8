package io.sightline.agent.images;

import java.nio.file.Path;
import java.util.Optional;

/** What the images need to know of the grids the entities describe (the agent's reconciler answers). */
public interface Grids {
    /** The uuid of the acquisition: every image's {@code session}. */
    String acquisitionUuid();

    /** The uuid of the grid whose folder is {@code gridFolder} (a name-based uuid: no state). */
    String gridUuid(Path gridFolder);

    /**
     * The atlas file ({@code Atlas.dm}) the grid in {@code gridFolder} takes, once its session was read: the
     * one taken by this run, else the best of {@code atlasFiles} by the session's link (an atlas unchanged
     * since an earlier run is not read again).
     */
    Optional<Path> atlasOf(Path gridFolder, java.util.Collection<Path> atlasFiles);

    /**
     * The grids (uuids, first met first) that take the atlas file {@code atlasFile} among {@code atlasFiles}:
     * the reverse of {@link #atlasOf}, so an atlas image can name its grid. Empty while no grid's session
     * links it.
     */
    java.util.List<String> gridsTaking(Path atlasFile, java.util.Collection<Path> atlasFiles);
}
