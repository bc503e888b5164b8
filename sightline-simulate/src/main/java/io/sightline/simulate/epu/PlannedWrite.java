package io.sightline.simulate.epu;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One file write of a simulation plan: where (relative to the visit folder, {@code /}-separated), what kind of
 * file, and the content. Content is produced when written (large files are streamed, never held as a string).
 * The same path may be written several times in a plan (rewritten grid-square metadata); the last write wins.
 */
public record PlannedWrite(String relativePath, Kind kind, Content content) {

    public enum Kind {
        ATLAS,
        ATLAS_IMAGE_MANIFEST,
        SESSION,
        GRID_SQUARE_METADATA,
        GRID_SQUARE_MANIFEST,
        FOIL_HOLE_MANIFEST,
        MICROGRAPH_MANIFEST,
        THUMBNAIL,
        /** A micrograph's MRC image beside its manifest (small, float32). */
        IMAGE
    }

    /** Writes a file's bytes; the same call always writes the same bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
