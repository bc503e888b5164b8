package io.sightline.core.epu.model;

import java.util.List;

/**
 * A grid square as placed on the atlas. EPU lists the same square under every tile it overlaps;
 * the reader merges those into one value whose {@code tilePositions} hold one entry per tile.
 *
 * @param squareId      grid-square id (the dictionary key)
 * @param center        centre on the atlas image, pixels; null if absent
 * @param size          size on the atlas image, pixels; null if absent
 * @param rotation      radians; null if absent
 * @param physical      position and size on the stage, metres; null if absent
 * @param tilePositions per-tile positions, ordered by first appearance, one per tile id
 */
public record AtlasSquarePosition(
        long squareId,
        PixelPoint center,
        PixelSize size,
        Double rotation,
        PhysicalRect physical,
        List<TilePosition> tilePositions) {
    public AtlasSquarePosition {
        tilePositions = List.copyOf(tilePositions);
    }
}
