package io.sightline.simulate.epu;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/** Writes a plan to disk: at a rate, optionally each file in flushed pieces with pauses between them. */
final class PlanWriter {

    /** Pause between the pieces of a partially written file. */
    static final long PIECE_PAUSE_MILLIS = 5;

    private final Path root;
    private final double rate;
    private final boolean partialWrites;
    private final SimulationListener listener;
    private final Set<Path> createdFolders = new HashSet<>();

    PlanWriter(Path root, double rate, boolean partialWrites, SimulationListener listener) {
        this.root = root;
        this.rate = rate;
        this.partialWrites = partialWrites;
        this.listener = listener;
    }

    void write(List<PlannedWrite> writes) throws IOException {
        listener.started(writes.size());
        long start = System.nanoTime();
        for (int i = 0; i < writes.size(); i++) {
            if (rate > 0) {
                waitUntil(start + (long) (i * 1e9 / rate));
            }
            PlannedWrite write = writes.get(i);
            Path file = resolve(write.relativePath());
            long bytes = partialWrites ? writeInPieces(file, write.content()) : writeWhole(file, write.content());
            listener.fileWritten(file, write.kind(), i + 1, writes.size(), bytes);
        }
    }

    private Path resolve(String relativePath) throws IOException {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("planned path escapes the output folder: " + relativePath);
        }
        Path folder = file.getParent();
        if (createdFolders.add(folder)) {
            Files.createDirectories(folder);
        }
        return file;
    }

    private static long writeWhole(Path file, PlannedWrite.Content content) throws IOException {
        try (CountingStream out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            content.writeTo(out);
            return out.count;
        }
    }

    private long writeInPieces(Path file, PlannedWrite.Content content) throws IOException {
        CountingStream counter = new CountingStream(OutputStream.nullOutputStream());
        content.writeTo(counter);
        long total = counter.count;
        int pieces = EpuSimulation.PARTIAL_WRITE_PIECES;
        try (PiecewiseStream out = new PiecewiseStream(file, Files.newOutputStream(file), total, pieces)) {
            content.writeTo(out);
            return out.count;
        }
    }

    private static void waitUntil(long nanoTime) throws InterruptedIOException {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedIOException("simulation interrupted");
            }
        }
    }

    private static class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Flushes at each piece boundary, tells the listener, and pauses before writing on. */
    private final class PiecewiseStream extends CountingStream {
        private final Path file;
        private final long total;
        private final int pieces;
        private int piece = 1;

        PiecewiseStream(Path file, OutputStream out, long total, int pieces) {
            super(out);
            this.file = file;
            this.total = total;
            this.pieces = pieces;
        }

        private long boundary() {
            return piece < pieces ? total * piece / pieces : Long.MAX_VALUE;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                long room = boundary() - count;
                int now = (int) Math.min(len, room);
                if (now > 0) {
                    super.write(b, off, now);
                    off += now;
                    len -= now;
                }
                if (count == boundary()) {
                    out.flush();
                    listener.pieceWritten(file, piece, pieces, count, total);
                    piece++;
                    waitUntil(System.nanoTime() + PIECE_PAUSE_MILLIS * 1_000_000);
                }
            }
        }
    }
}
