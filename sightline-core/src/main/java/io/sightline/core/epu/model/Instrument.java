package io.sightline.core.epu.model;

/**
 * The microscope that took an image, from an image manifest's {@code microscopeData/instrument}.
 * Any component may be null when the manifest leaves it out.
 */
public record Instrument(String model, String id, String computerName) {}
