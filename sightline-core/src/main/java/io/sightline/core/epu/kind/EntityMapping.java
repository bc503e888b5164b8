package io.sightline.core.epu.kind;

import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.path.EpuFile;
import java.nio.file.Path;

/**
 * How a kind's record becomes entities (grid, grid square, foil hole, ...) sent to the server.
 *
 * @param <F> the file type
 * @param <R> the record type
 */
@FunctionalInterface
public interface EntityMapping<F extends EpuFile, R extends EpuRecord> {

    /**
     * Maps {@code record}, read from {@code file} at {@code path} (absolute, normalised), into {@code to}.
     * {@code gridFolder} is where the kind's {@link GridFolder} says the file belongs (null: no grid). When
     * a parent is missing, calls {@link Entities#waitFor} and merges nothing.
     */
    void map(F file, R record, Path path, Path gridFolder, Entities to);
}
