package io.sightline.pipeline.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * RELION's exit markers, the one source of truth a job leaves on disk: {@code RELION_JOB_EXIT_SUCCESS},
 * {@code RELION_JOB_EXIT_FAILURE} (and {@code RELION_JOB_EXIT_ABORTED}) in the job directory. They outrank
 * what a backend reports, because they survive the backend forgetting the job.
 */
public final class JobMarkers {
    public static final String SUCCESS = "RELION_JOB_EXIT_SUCCESS";
    public static final String FAILURE = "RELION_JOB_EXIT_FAILURE";
    public static final String ABORTED = "RELION_JOB_EXIT_ABORTED";

    private JobMarkers() {}

    /** The state the markers in {@code jobDir} show, or empty when there is none. */
    public static Optional<JobState> read(Path jobDir) {
        if (Files.exists(jobDir.resolve(FAILURE))) {
            return Optional.of(JobState.FAILED);
        }
        if (Files.exists(jobDir.resolve(ABORTED))) {
            return Optional.of(JobState.CANCELLED);
        }
        if (Files.exists(jobDir.resolve(SUCCESS))) {
            return Optional.of(JobState.SUCCEEDED);
        }
        return Optional.empty();
    }
}
