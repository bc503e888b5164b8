/**
 * The local executor: jobs as processes of this machine, findable again after a restart through their job
 * directory.
 */
package io.sightline.pipeline.exec.local;
