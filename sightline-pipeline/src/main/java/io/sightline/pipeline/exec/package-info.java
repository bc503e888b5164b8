/**
 * Where jobs run: the {@link io.sightline.pipeline.exec.Executor} contract every backend meets (local
 * processes, SLURM), and the facts about a job that survive a server restart (its launch, its external id,
 * the markers RELION writes in its directory).
 */
package io.sightline.pipeline.exec;
