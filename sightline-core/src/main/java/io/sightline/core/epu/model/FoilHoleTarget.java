package io.sightline.core.epu.model;

/**
 * A foil-hole target location from a grid square's {@code .dm} ({@code TargetLocationsEfficient}).
 *
 * @param holeId        foil-hole id (the dictionary key)
 * @param pixelCenter   centre on the grid-square image, pixels; null if absent
 * @param diameter      {@code PixelWidthHeight/width}, pixels; null if absent
 * @param stagePosition null if absent
 * @param nearGridBar   null if absent
 * @param state         EPU's target state (e.g. {@code Completed}); kept as text because EPU versions
 *                      add states and an unknown one must not make the file unreadable; null if absent
 * @param selected      null if absent
 * @param imagePath     Windows path of the foil-hole image; null if absent
 */
public record FoilHoleTarget(
        long holeId,
        PixelPoint pixelCenter,
        Double diameter,
        StagePosition stagePosition,
        Boolean nearGridBar,
        String state,
        Boolean selected,
        String imagePath) {}
