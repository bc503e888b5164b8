package io.sightline.pipeline.jobtype;

import io.sightline.pipeline.exec.ResourceProfile;
import java.util.List;

/**
 * One kind of processing step: its typed parameters (bounds, defaults, acquisition facts), its typed input and
 * output slots, and how it turns them into a command line. One class per type, registered in {@link JobTypes};
 * the recipe is "Add a job type" in CONTRIBUTING.md.
 */
public interface JobType {

    /** Stable id used in templates, the database, the API: {@code spa.motioncorr}. */
    String id();

    /** For people: {@code Motion correction}. */
    String title();

    JobCategory category();

    /** Whether RELION should treat it as a tomography job ({@code rlnJobIsTomo}). */
    boolean tomography();

    List<Param> parameters();

    List<InputSlot> inputs();

    List<OutputSlot> outputs();

    /** The program run when the configuration names no other for this type. */
    String program();

    /** The arguments after the program. */
    List<String> arguments(JobContext context);

    /**
     * Whether its work is per micrograph, so that it can run as an array: with its {@code items_per_task}
     * parameter above 0, the scheduler cuts the first input's items into one share per task and submits one array
     * ({@code --array=0-K}); each task reads and writes under {@code tasks/<i>/} and the tasks' outputs are joined
     * into the job's output. A type that says so declares {@code items_per_task}.
     */
    default boolean perItem() {
        return false;
    }

    /** What this type asks of the cluster, between the site's defaults and the user's overrides. */
    default ResourceProfile resources() {
        return ResourceProfile.EMPTY;
    }

    /** The process type written to job.star and default_pipeline.star. */
    default String relionType() {
        return category() == JobCategory.IMPORT
                ? (tomography() ? "relion.importtomo" : "relion.import.movies")
                : "relion.external";
    }
}
