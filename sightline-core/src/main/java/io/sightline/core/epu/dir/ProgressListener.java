package io.sightline.core.epu.dir;

/**
 * Told how far a directory read has come, so a command line can draw a progress bar. Called from
 * reader threads, possibly concurrently: implementations must be thread-safe and quick. {@code total}
 * can grow once, when an atlas outside the folder is found through a session's reference.
 */
public interface ProgressListener {

    /** One more file has been read (successfully or not). */
    default void progress(int done, int total) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return new ProgressListener() {
        };
    }
}
