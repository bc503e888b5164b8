package io.sightline.core.image;

/** Where a plane's rows come from, decoded to floats: the one thing each format supplies to {@link PlaneSampler}. */
@FunctionalInterface
public interface RowSource {

    /**
     * Decodes rows {@code y} to {@code y + count - 1} (each {@code width} samples) into {@code dst} from
     * {@code offset}.
     */
    void read(int y, int count, float[] dst, int offset) throws ImageReadException;
}
