/** RELION project directories as pipeline runs write them: default_pipeline.star, job directories, job.star. */
package io.sightline.pipeline.project;
