package io.sightline.fastmon;

import io.sightline.core.stf.SimulatedStf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Reads the STF files of Sightline's DAQ simulator ({@link SimulatedStf}). */
public final class SimulatedStfReader implements StfReader {
    /** Most bytes one read returns, so that a large sample never exhausts the heap. */
    static final int MAX_READ = 64 * 1024 * 1024;

    @Override
    public Optional<StfLayout> layout(Path file) throws IOException {
        return header(file).map(h -> new StfLayout(h.tfCount(), SimulatedStf.MAGIC));
    }

    private static Optional<SimulatedStf.Header> header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return SimulatedStf.readHeader(in);
        }
    }

    @Override
    public byte[] read(Path file, int first, int last) throws IOException {
        SimulatedStf.Header h = header(file).orElseThrow(() -> new IOException(file + ": not a simulated STF"));
        if (first < 0 || last < first || last >= h.tfCount()) {
            throw new IOException(file + ": frames " + first + ".." + last + " are outside 0.." + (h.tfCount() - 1));
        }
        long length = (last - first + 1) * h.tfSize();
        if (length > MAX_READ) {
            throw new IOException(file + ": " + length + " bytes asked for; at most " + MAX_READ + " are read at once");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = h.offsetOf(first);
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos + buf.position());
                if (n < 0) {
                    throw new IOException(file + ": truncated: frame data ends before frame " + last);
                }
            }
        }
        return buf.array();
    }
}
