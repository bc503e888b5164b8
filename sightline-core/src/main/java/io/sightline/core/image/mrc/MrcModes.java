package io.sightline.core.image.mrc;

import io.sightline.core.image.PixelType;
import java.util.Map;

/** The MRC2014 modes this reader reads, and the sample type of each (as mrcfile maps them). */
final class MrcModes {

    private static final Map<Integer, PixelType> READ = Map.of(
            0, PixelType.INT8,
            1, PixelType.INT16,
            2, PixelType.FLOAT32,
            6, PixelType.UINT16,
            12, PixelType.FLOAT16);

    /** Modes the standard defines that are not images of real numbers. */
    private static final Map<Integer, String> KNOWN_UNREAD = Map.of(
            3, "complex int16",
            4, "complex float32",
            101, "4-bit packed");

    private MrcModes() {}

    static PixelType typeOf(int mode) {
        return READ.get(mode);
    }

    /** The mode that stores {@code type}, or -1 when no MRC mode does (uint8). */
    static int modeOf(PixelType type) {
        return READ.entrySet().stream()
                .filter(e -> e.getValue() == type)
                .mapToInt(Map.Entry::getKey)
                .findFirst()
                .orElse(-1);
    }

    static boolean isKnown(int mode) {
        return READ.containsKey(mode) || KNOWN_UNREAD.containsKey(mode);
    }

    static String describeUnread(int mode) {
        String what = KNOWN_UNREAD.get(mode);
        return what != null
                ? "mode " + mode + " (" + what + ") is not read; modes 0, 1, 2, 6 and 12 are"
                : "mode " + mode + " is not an MRC2014 mode";
    }
}
