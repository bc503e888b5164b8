package io.sightline.pipeline.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The command of an array whose tasks each work on their own share of the items: one command line for every task
 * (an sbatch script or the local wrapper runs the same line per task), in which {@link #TOKEN} stands for the
 * task's index. A small {@code sh} prologue replaces it with {@code $SLURM_ARRAY_TASK_ID} in each argument before
 * the tool starts, so a tool that knows nothing of arrays (RELION's) reads {@code tasks/3/movies.star} and writes
 * into {@code tasks/3/}.
 */
public final class ArrayTaskCommand {
    /** Stands for the task index in the arguments of an array's command. */
    public static final String TOKEN = "{task}";

    // for-in over "$@" iterates the arguments as they were; each is appended rewritten and the original shifted off.
    private static final String PROLOGUE = "for a do set -- \"$@\" \"$(printf '%s' \"$a\" | sed"
            + " \"s/{task}/${SLURM_ARRAY_TASK_ID:?no array task id}/g\")\"; shift; done; exec \"$@\"";

    private ArrayTaskCommand() {}

    /** {@code command} run so that each task sees {@link #TOKEN} replaced with its index. */
    public static List<String> perTask(List<String> command) {
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c", PROLOGUE, "sightline-array-task"));
        out.addAll(command);
        return out;
    }
}
