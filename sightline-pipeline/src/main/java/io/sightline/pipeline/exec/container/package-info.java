/**
 * Container wrapping for apptainer/singularity: a pure function from a tool's command, its image and the
 * environment to the argv that runs it (binds only where the paths exist, the environment cleaned as
 * CryoBoost does, {@code --nv} on request); a tool without an image runs natively.
 */
package io.sightline.pipeline.exec.container;
