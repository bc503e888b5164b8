package io.sightline.core.epu.model;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An atlas session, from {@code Atlas/Atlas.dm}.
 *
 * @param sessionId       the root's own {@code Id} (not the last {@code Id} in the document)
 * @param name            null if absent
 * @param description     null if absent
 * @param storageFolder   Windows path, trimmed; null if absent
 * @param acquisitionTime {@code Atlas/AcquisitionDateTime}; keeps the offset EPU wrote because the
 *                        atlas is often shown in the microscope's local time; null if absent
 * @param tiles           tiles that carry an id, in file order
 * @param squares         grid-square positions, one per square id, in order of first appearance
 */
public record Atlas(
        long sessionId,
        String name,
        String description,
        String storageFolder,
        OffsetDateTime acquisitionTime,
        List<AtlasTile> tiles,
        List<AtlasSquarePosition> squares)
        implements EpuRecord {
    public Atlas {
        tiles = List.copyOf(tiles);
        squares = List.copyOf(squares);
    }
}
