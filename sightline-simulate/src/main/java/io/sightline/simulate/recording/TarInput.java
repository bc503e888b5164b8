package io.sightline.simulate.recording;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Reads a tar stream entry by entry with Apache Commons Compress (ustar, pax as Python's {@code tarfile}
 * writes it, GNU long names), extracting nothing: the caller decides what to keep and where. Adds what a
 * reader of untrusted archives needs on top: every error is a {@link RecordingException} naming the entry
 * (except {@link ZipException}s of the compressed stream below, left to the caller), header checksums are checked, and the header bytes of one entry (pax records, GNU long names, sparse maps,
 * which Commons Compress holds in memory) are capped at {@link #MAX_HEADER_BYTES}.
 */
final class TarInput {

    static final int MAX_HEADER_BYTES = 1024 * 1024;
    private static final int BLOCK = 512;

    /** One entry; {@link #content} is valid until the next call to {@link TarInput#next()}. */
    record Entry(String name, byte type, long size, InputStream content) {
        boolean isRegularFile() {
            return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
        }

        boolean isDirectory() {
            return type == TarConstants.LF_DIR;
        }

        boolean isLink() {
            return type == TarConstants.LF_LINK || type == TarConstants.LF_SYMLINK;
        }
    }

    private final MeteredStream metered;
    private final TarArchiveInputStream tar;
    private Entry current;
    private int entryIndex;
    private String lastName = "(start of archive)";

    TarInput(InputStream in) {
        metered = new MeteredStream(in);
        tar = new TarArchiveInputStream(metered);
    }

    /**
     * The next entry, or {@code null} at the end of the archive.
     *
     * @throws CorruptRecordingException the archive is truncated or a header is malformed
     * @throws UnsafeRecordingException the headers of one entry exceed {@link #MAX_HEADER_BYTES}, or an entry
     *     is sparse (its stored size would not bound what it expands to)
     */
    Entry next() throws IOException {
        long headerStart = metered.total();
        if (current != null) {
            current.content().transferTo(OutputStream.nullOutputStream());
            headerStart = metered.total() + padding(current);
        }
        TarArchiveEntry entry;
        metered.limitTo(MAX_HEADER_BYTES);
        try {
            entry = tar.getNextEntry();
        } catch (HeaderTooLarge e) {
            TarArchiveEntry header = tar.getCurrentEntry(); // the pax or long-name header being read
            throw new UnsafeRecordingException(
                    header != null ? header.getName() : lastName,
                    "the headers of one entry exceed " + MAX_HEADER_BYTES + " bytes (pax or GNU long name)");
        } catch (ZipException e) {
            throw e; // the compressed stream's fault, not this entry's: the caller names the archive
        } catch (EOFException e) {
            throw new CorruptRecordingException(lastName, "archive is truncated (" + e.getMessage() + ")", e);
        } catch (RecordingException e) {
            throw e;
        } catch (IOException e) {
            throw new CorruptRecordingException(lastName, "malformed tar header (" + e.getMessage() + ")", e);
        } finally {
            metered.unlimited();
        }
        if (entry == null) {
            // Commons Compress takes a header cut short by the end of the stream for the end of the archive.
            long headerBytes = metered.total() - headerStart;
            if (headerBytes > 0 && headerBytes < BLOCK) {
                throw new CorruptRecordingException(lastName, "archive is truncated (partial tar header)");
            }
            current = null;
            return null;
        }
        String name = entry.getName();
        if (!entry.isCheckSumOK()) {
            throw new CorruptRecordingException(name, "tar header checksum mismatch (not a tar archive, or corrupt)");
        }
        if (entry.isSparse()) {
            throw new UnsafeRecordingException(name, "sparse entries are not allowed in a recording");
        }
        lastName = name;
        current = new Entry(name, entry.getLinkFlag(), entry.getSize(), new EntryContent(name, ++entryIndex));
        return current;
    }

    /** The zeros after an entry's data that fill its last 512-byte block. */
    private static long padding(Entry entry) {
        return entry.isDirectory() ? 0 : (BLOCK - entry.size() % BLOCK) % BLOCK;
    }

    /** Thrown by {@link MeteredStream} past its limit; turned into an {@link UnsafeRecordingException} above. */
    private static final class HeaderTooLarge extends IOException {
        HeaderTooLarge() {
            super("header bytes beyond the limit");
        }
    }

    /** Counts what the tar reader takes; while it reads headers, refuses to hand out more than a limit. */
    private static final class MeteredStream extends FilterInputStream {
        private long total;
        private boolean limited;
        private long budget;

        MeteredStream(InputStream in) {
            super(in);
        }

        void limitTo(long bytes) {
            limited = true;
            budget = bytes;
        }

        void unlimited() {
            limited = false;
        }

        long total() {
            return total;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                spent(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                spent(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            spent(skipped);
            return skipped;
        }

        private void spent(long bytes) throws HeaderTooLarge {
            total += bytes;
            if (limited) {
                budget -= bytes;
                if (budget < 0) {
                    throw new HeaderTooLarge();
                }
            }
        }
    }

    /** The current entry's bytes; every failure names the entry. */
    private final class EntryContent extends InputStream {
        private final String name;
        private final int index;

        EntryContent(String name, int index) {
            this.name = name;
            this.index = index;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int r = read(one, 0, 1);
            return r < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (index != entryIndex || current == null) {
                return -1;
            }
            try {
                return tar.read(b, off, len);
            } catch (ZipException e) {
                throw e; // the compressed stream's fault: the caller names the archive
            } catch (IOException e) {
                // Commons Compress says "Truncated TAR archive"; the gzip layer says "Unexpected end of ZLIB input".
                throw new CorruptRecordingException(
                        name, "archive is truncated inside this entry (" + e.getMessage() + ")", e);
            }
        }
    }
}
