package io.sightline.fastmon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads what the agent needs from an STF file of one format: how many time frames it holds, and the
 * bytes of a run of them. A new detector format is one more reader in {@link StfReaders}.
 */
public interface StfReader {

    /** What a reader found in a file. */
    record StfLayout(int tfCount, String format) {}

    /** The layout when {@code file} is in this reader's format; empty when it is not. */
    Optional<StfLayout> layout(Path file) throws IOException;

    /** The bytes of frames {@code first..last} (inclusive), for samples that carry content. */
    byte[] read(Path file, int first, int last) throws IOException;
}
