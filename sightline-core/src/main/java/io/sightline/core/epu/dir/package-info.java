/**
 * Whole folders: {@link io.sightline.core.epu.dir.EpuDirectoryReader} assembles one or many grids into
 * {@link io.sightline.core.epu.dir.EpuDirectory}; {@link io.sightline.core.epu.dir.EpuValidator} reports
 * structure and content problems.
 */
package io.sightline.core.epu.dir;
