package io.sightline.server.pipeline.results;

import java.util.Arrays;
import java.util.Optional;

/**
 * The job types whose outputs say something about each micrograph, with the event and the micrograph status
 * their results bring (the same event types and statuses as the SmartEM feedback routes).
 */
public enum ResultStage {
    MOTION("spa.motioncorr", "motion_correction.completed", "motion correction completed"),
    CTF("spa.ctf", "ctf_estimation.completed", "ctf completed"),
    PICKING("spa.autopick", "particle_picking.completed", "particle picking completed");

    private final String jobType;
    private final String eventType;
    private final String status;

    ResultStage(String jobType, String eventType, String status) {
        this.jobType = jobType;
        this.eventType = eventType;
        this.status = status;
    }

    /** The stage of a job type, or empty for a job whose outputs say nothing per micrograph. */
    public static Optional<ResultStage> of(String jobTypeId) {
        return Arrays.stream(values()).filter(s -> s.jobType.equals(jobTypeId)).findFirst();
    }

    public String jobType() {
        return jobType;
    }

    public String eventType() {
        return eventType;
    }

    /** The micrograph status once this stage has a result (never moves a status backwards). */
    public String status() {
        return status;
    }
}
