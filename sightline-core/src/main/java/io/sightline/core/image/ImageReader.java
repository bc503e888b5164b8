package io.sightline.core.image;

/**
 * An open image file: its header (read when the reader was opened) and its pixels, read lazily, one plane at
 * a time and only as much as a request needs. Not for sharing between threads: open one per task.
 *
 * <p>No unchecked exception escapes for any file content: every problem is an {@link ImageReadException}.
 */
public interface ImageReader extends AutoCloseable {

    ImageHeader header();

    /**
     * Reads one plane, at full resolution or subsampled. A page past the last is a
     * {@link ImageReadException.NoSuchPlane}; a file cut short since it was opened, a
     * {@link ImageReadException.Truncated}.
     */
    Plane read(PlaneRequest request) throws ImageReadException;

    /** Releases the file. */
    @Override
    void close() throws ImageReadException;
}
