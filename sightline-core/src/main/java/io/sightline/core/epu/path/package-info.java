/**
 * Recognising EPU files from their paths alone ({@link io.sightline.core.epu.path.EpuPathClassifier}),
 * with the natural ids each path carries ({@link io.sightline.core.epu.path.EpuFile}).
 */
package io.sightline.core.epu.path;
