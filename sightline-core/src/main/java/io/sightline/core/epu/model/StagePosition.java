package io.sightline.core.epu.model;

/**
 * A stage position: {@code x}, {@code y}, {@code z} in metres; {@code alpha} and {@code beta} are the
 * tilts (EPU's {@code A} and {@code B}) in radians, {@code null} when the file leaves them out.
 */
public record StagePosition(double x, double y, double z, Double alpha, Double beta) {}
