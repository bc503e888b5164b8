package io.sightline.core.image;

import java.nio.file.Path;

/**
 * What a reader accepts from a header before it believes it. Headers are untrusted input: every size is
 * checked against these limits (and against the file's length) before anything is allocated from it, so a
 * header claiming 10⁶ × 10⁶ pixels is a {@link ImageReadException.TooLarge}, never an out-of-memory.
 *
 * @param maxEdge        the longest width or height accepted, in pixels
 * @param maxPlanePixels the most pixels of one plane (page, slice) accepted; a full-resolution read of a
 *                       float plane allocates four bytes per pixel
 * @param maxPages       the most pages (TIFF directories, MRC sections) accepted
 */
public record ImageLimits(int maxEdge, long maxPlanePixels, int maxPages) {

    public ImageLimits {
        if (maxEdge < 1 || maxPlanePixels < 1 || maxPages < 1) {
            throw new IllegalArgumentException(
                    "limits must be positive: " + maxEdge + ", " + maxPlanePixels + ", " + maxPages);
        }
    }

    /**
     * Room for every detector and montage in use (a K3 frame is 5,760 × 4,092; a 16k × 16k montage plane
     * is 2.7 × 10⁸ pixels) while refusing what no instrument writes.
     */
    public static ImageLimits standard() {
        return new ImageLimits(65_536, 1L << 28, 1 << 20);
    }

    /** Checks a plane's claimed size: positive, each edge within the limit, and the pixel count. */
    public void checkPlane(Path file, String widthField, long width, String heightField, long height)
            throws ImageReadException {
        checkPositive(file, widthField, width);
        checkPositive(file, heightField, height);
        checkAtMost(file, widthField, width, maxEdge, "pixels");
        checkAtMost(file, heightField, height, maxEdge, "pixels");
        if (width * height > maxPlanePixels) {
            throw new ImageReadException.TooLarge(
                    file,
                    widthField + " × " + heightField,
                    width + " × " + height + " = " + width * height + " pixels per plane exceeds the limit of "
                            + maxPlanePixels);
        }
    }

    /** Checks a claimed page or section count: positive and within the limit. */
    public void checkPages(Path file, String field, long pages) throws ImageReadException {
        checkPositive(file, field, pages);
        checkAtMost(file, field, pages, maxPages, "pages");
    }

    private static void checkPositive(Path file, String field, long value) throws ImageReadException {
        if (value < 1) {
            throw new ImageReadException.Malformed(file, field, "must be at least 1, is " + value);
        }
    }

    private static void checkAtMost(Path file, String field, long value, long limit, String unit)
            throws ImageReadException {
        if (value > limit) {
            throw new ImageReadException.TooLarge(file, field, value + " " + unit + " exceeds the limit of " + limit);
        }
    }
}
