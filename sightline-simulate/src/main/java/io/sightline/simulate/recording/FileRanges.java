package io.sightline.simulate.recording;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Copies part of a file without passing its bytes through the heap. */
final class FileRanges {

    private FileRanges() {}

    /** Writes bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code source} as the whole of {@code target}. */
    static void copy(Path source, long from, long to, Path target) throws IOException {
        try (var in = FileChannel.open(source);
                var out = FileChannel.open(
                        target,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            long position = from;
            while (position < to) {
                long moved = in.transferTo(position, to - position, out);
                if (moved <= 0) {
                    throw new IOException(source + " is shorter than " + to + " bytes");
                }
                position += moved;
            }
        }
    }
}
