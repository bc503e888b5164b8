package io.sightline.core.epu.model;

import java.util.List;

/**
 * A grid square's metadata, from {@code Metadata/GridSquare_<id>.dm}.
 *
 * @param squareId      {@code AtlasNodeId} (or {@code GridSquareId})
 * @param stagePosition null if absent
 * @param state         e.g. {@code InProgress}; text for the same reason as {@link FoilHoleTarget#state()}
 * @param selected      null if absent
 * @param unusable      null if absent
 * @param rotation      radians; null if absent
 * @param imagePath     Windows path of the square image; null if absent
 * @param targets       foil-hole targets in file order; empty for unvisited squares
 */
public record GridSquareMetadata(
        long squareId,
        StagePosition stagePosition,
        String state,
        Boolean selected,
        Boolean unusable,
        Double rotation,
        String imagePath,
        List<FoilHoleTarget> targets)
        implements EpuRecord {
    public GridSquareMetadata {
        targets = List.copyOf(targets);
    }
}
