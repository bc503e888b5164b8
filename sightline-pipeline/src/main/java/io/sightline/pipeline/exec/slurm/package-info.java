/**
 * The SLURM executor: {@code sbatch} from a CryoBoost-style template, one {@code squeue} (and at most one
 * {@code sacct}) per poll whatever the number of jobs and array tasks, RELION markers first, jobs found
 * again by their key after a restart, {@code scancel}. Client commands run through a {@link
 * io.sightline.pipeline.exec.slurm.CommandRunner} with timeouts.
 */
package io.sightline.pipeline.exec.slurm;
