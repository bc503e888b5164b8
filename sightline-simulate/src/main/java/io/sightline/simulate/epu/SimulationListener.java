package io.sightline.simulate.epu;

import java.nio.file.Path;

/**
 * Progress of {@link EpuSimulator#write}. Called on the writing thread, in write order; every method has a no-op
 * default. A listener that throws stops the simulation.
 */
public interface SimulationListener {

    /** A listener that does nothing. */
    SimulationListener NONE = new SimulationListener() {};

    /** Once, before the first file: how many writes are planned. */
    default void started(int totalWrites) {}

    /**
     * With partial writes only: {@code piece} of {@code pieces} ({@code piece < pieces}) of {@code file} has been
     * flushed and the writer is about to pause; the file now holds the first {@code bytesWritten} of
     * {@code totalBytes} bytes.
     */
    default void pieceWritten(Path file, int piece, int pieces, long bytesWritten, long totalBytes) {}

    /** {@code file} is complete; it was write {@code index} (1-based) of {@code totalWrites}. */
    default void fileWritten(Path file, PlannedWrite.Kind kind, int index, int totalWrites, long bytes) {}
}
