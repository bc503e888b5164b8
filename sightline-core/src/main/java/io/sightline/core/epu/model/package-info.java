/**
 * Immutable records for what EPU writes to disk: session, atlas, grid squares, foil holes and
 * micrographs. Units are SI (metres, seconds, radians) unless a component says pixels.
 *
 * <p>Nullability: primitive components are always present in the file; boxed components
 * ({@code Double}, {@code Long}, {@code Boolean}, {@code Integer}) and {@code String}s are
 * {@code null} when EPU wrote {@code i:nil="true"}, left the element out, or wrote an empty value.
 * Lists are never null (empty instead).
 */
package io.sightline.core.epu.model;
