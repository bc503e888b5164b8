package io.sightline.core.epu.model;

/**
 * What one EPU file becomes. Open rather than sealed: each kind's record is handled through its entry in
 * {@link io.sightline.core.epu.kind.EpuKinds}, not by switches over every kind.
 */
public interface EpuRecord {}
