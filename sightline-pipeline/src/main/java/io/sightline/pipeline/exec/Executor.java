package io.sightline.pipeline.exec;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A place jobs run. The scheduler decides what to run; an executor only starts, observes and stops.
 *
 * <p>Contract, shared by every backend so that the scheduler never needs to know which one it talks to:
 * <ul>
 *   <li>{@link #submit} returns as soon as the backend has accepted the job (SLURM: {@code sbatch} answered
 *       with a job id); it never waits for the job to finish. The caller persists the returned
 *       {@link SubmittedJob} before it does anything else, so a restart finds it again.</li>
 *   <li>{@link #poll} observes any number of jobs with a bounded number of backend calls (SLURM: one
 *       {@code squeue} and at most one {@code sacct} per call, whatever the number of jobs or array tasks).
 *       A job's RELION markers ({@link JobMarkers}) in its directory outrank what the backend says.</li>
 *   <li>{@link #cancel} is idempotent: cancelling a finished or unknown job is not an error.</li>
 * </ul>
 */
public interface Executor {

    /** The name used in configuration, the database and logs: {@code local}, {@code slurm}. */
    String name();

    /** Starts {@code launch}; never blocks on its completion. */
    SubmittedJob submit(JobLaunch launch) throws ExecutorException;

    /** The current state of each job, keyed by {@link SubmittedJob#externalId()}; every job given has an entry. */
    Map<String, JobObservation> poll(Collection<SubmittedJob> jobs) throws ExecutorException;

    /**
     * The job submitted under {@code jobKey}, if the backend still knows it. After a crash between a
     * submission and its being recorded, this is how the scheduler avoids submitting the same job twice
     * (SLURM: {@code squeue --name} / {@code sacct --name}).
     */
    Optional<SubmittedJob> findByKey(String jobKey, Path jobDir) throws ExecutorException;

    /** Stops {@code job} (all its array tasks); no effect on a job that already ended. */
    void cancel(SubmittedJob job) throws ExecutorException;
}
