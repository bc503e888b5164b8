package io.sightline.core.epu.read;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads one kind of EPU file into a record. Implementations are stateless and thread-safe; no
 * unchecked exception escapes {@code read} for any input.
 *
 * @param <T> the record the file becomes
 */
public interface EpuReader<T> {

    /** Reads {@code file} from disk. */
    T read(Path file) throws EpuReadException;

    /**
     * Reads from a stream (tests, archives, bytes already in memory). {@code file} names the source in
     * errors, and readers whose ids live in the path (manifests) take them from it. The stream is not
     * closed.
     */
    T read(InputStream in, Path file) throws EpuReadException;
}
