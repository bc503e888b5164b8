/**
 * RELION's own project files as typed views over their STAR text: {@link io.sightline.core.relion.JobStar}
 * ({@code job.star}), {@link io.sightline.core.relion.Scheme} ({@code scheme.star}) and
 * {@link io.sightline.core.relion.DefaultPipeline} ({@code default_pipeline.star}). Each view is a record of
 * what the file says plus the {@link io.sightline.core.star.StarFile} it was read from; its {@code with...}
 * methods change both, so a file written back differs from the one read only where it was changed.
 * {@code create(...)} methods make new files in RELION 5's layout. {@link io.sightline.core.relion.RelionFiles}
 * reads them from disk with errors that name file, line and column.
 */
package io.sightline.core.relion;
