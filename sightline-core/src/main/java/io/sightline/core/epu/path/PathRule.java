package io.sightline.core.epu.path;

/**
 * Recognises one EPU file kind from its path alone (the file is never opened), so a watcher can route
 * thousands of events a second. A rule looks only at the segments of {@link EpuPath}; rules of different
 * kinds never match the same path.
 *
 * @param <F> the file the kind's paths name
 */
@FunctionalInterface
public interface PathRule<F extends EpuFile> {

    /** The file {@code path} names, or null when it is not of this kind. */
    F match(EpuPath path);
}
