package io.sightline.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file opened for positional reads that never reads past its end: every read names the header field that
 * asked for it, so a file shorter than its header says becomes a {@link ImageReadException.Truncated} naming
 * that field. Positional reads leave no cursor behind, so formats may read in any order.
 */
public final class BoundedFile implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final long size;

    private BoundedFile(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    public static BoundedFile open(Path file) throws ImageReadException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ImageReadException.Unreadable(file, "no such file", e);
        } catch (IOException | SecurityException e) {
            throw new ImageReadException.Unreadable(file, "cannot open: " + e.getMessage(), e);
        }
        try {
            return new BoundedFile(file, channel, channel.size());
        } catch (IOException e) {
            closeQuietlyAfter(channel, e);
            throw new ImageReadException.Unreadable(file, "cannot tell its size: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The length in bytes when the file was opened. */
    public long size() {
        return size;
    }

    /** Whether {@code length} bytes from {@code position} lie inside the file. */
    public boolean holds(long position, long length) {
        return position >= 0 && length >= 0 && position <= size && length <= size - position;
    }

    /** Fails unless {@code length} bytes from {@code position} lie inside the file. */
    public void require(long position, long length, String field) throws ImageReadException {
        if (!holds(position, length)) {
            throw new ImageReadException.Truncated(
                    file,
                    field,
                    "needs bytes " + position + " to " + (position + length) + " but the file has " + size);
        }
    }

    /**
     * Reads exactly {@code length} bytes from {@code position} into a new buffer in {@code order}. The caller
     * bounds {@code length}: this checks it against the file first, so a lying size fails before allocating.
     */
    public ByteBuffer read(long position, int length, ByteOrder order, String field) throws ImageReadException {
        require(position, length, field);
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        readFully(position, buffer, field);
        return buffer.flip();
    }

    /** Fills {@code buffer} from its position to its limit with the bytes from {@code position}. */
    public void readFully(long position, ByteBuffer buffer, String field) throws ImageReadException {
        require(position, buffer.remaining(), field);
        long at = position;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    // shorter now than when it was opened: cut (or being rewritten) since
                    throw new ImageReadException.Truncated(
                            file, field, "ended at byte " + at + " while reading it (the file shrank)");
                }
                at += n;
            }
        } catch (IOException e) {
            throw new ImageReadException.Unreadable(file, "read failed at byte " + at + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws ImageReadException {
        try {
            channel.close();
        } catch (IOException e) {
            throw new ImageReadException.Unreadable(file, "close failed: " + e.getMessage(), e);
        }
    }

    /** Closes after {@code failure} ended the reader's opening; a failing close is added to it, not lost. */
    public void closeAfter(ImageReadException failure) {
        try {
            close();
        } catch (ImageReadException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietlyAfter(FileChannel channel, IOException first) {
        try {
            channel.close();
        } catch (IOException e) {
            first.addSuppressed(e);
        }
    }
}
