package io.sightline.core.epu.dir;

/**
 * Told how far a directory read has come, so a command line can draw a progress bar. Called from
 * reader threads, possibly concurrently: implementations must be thread-safe and quick. {@code total}
 * can grow once, when an atlas outside the folder is found through a session's reference.
 * Callers that do not care pass {@link #none()} (the default of the one-argument read methods).
 */
@FunctionalInterface
public interface ProgressListener {

    /** {@code done} files of {@code total} have been read (successfully or not). */
    void progress(int done, int total);

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return (done, total) -> {};
    }
}
