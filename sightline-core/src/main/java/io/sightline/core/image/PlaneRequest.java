package io.sightline.core.image;

/**
 * Which plane to read and how coarsely: the result is {@code ceil(width / step) × ceil(height / step)}, each
 * value standing for one {@code step × step} block of the file (blocks at the right and bottom edges may be
 * smaller).
 *
 * @param page        the page (MRC section, TIFF directory) from 0
 * @param step        1 for every pixel, n for one value per n × n block
 * @param subsampling how a block becomes a value
 */
public record PlaneRequest(int page, int step, Subsampling subsampling) {

    public PlaneRequest {
        if (page < 0) {
            throw new IllegalArgumentException("page must be at least 0, is " + page);
        }
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, is " + step);
        }
    }

    /** Every pixel of {@code page}. */
    public static PlaneRequest full(int page) {
        return new PlaneRequest(page, 1, Subsampling.SAMPLE);
    }
}
