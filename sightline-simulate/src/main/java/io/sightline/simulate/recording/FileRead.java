package io.sightline.simulate.recording;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * One pass over a file: its size, its SHA-256, the SHA-256 of its first {@code prefixLength} bytes (to tell
 * an append from a rewrite), and its bytes: in memory below the inline limit, else in a spool file. Hash and
 * content come from the same read, so they always agree.
 */
final class FileRead {

    final long size;
    final String hash;
    final String prefixHash;
    final byte[] bytes;
    final Path spooled;

    private FileRead(long size, String hash, String prefixHash, byte[] bytes, Path spooled) {
        this.size = size;
        this.hash = hash;
        this.prefixHash = prefixHash;
        this.bytes = bytes;
        this.spooled = spooled;
    }

    /**
     * @param prefixLength length of the prefix to hash separately, or -1
     * @param writer where to spool content of {@link RecordingFormat#INLINE_LIMIT} bytes or more
     */
    static FileRead of(Path file, long prefixLength, RecordingWriter writer) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        String prefixHash = prefixLength == 0 ? Sha256.hex(Sha256.newDigest()) : null;
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        Path spool = null;
        OutputStream spoolOut = null;
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                int split = n;
                if (prefixLength > total && prefixLength <= total + n) {
                    split = (int) (prefixLength - total);
                    digest.update(buf, 0, split);
                    prefixHash = Sha256.continued(digest, new byte[0]);
                    digest.update(buf, split, n - split);
                } else {
                    digest.update(buf, 0, n);
                }
                total += n;
                if (spoolOut == null && total >= RecordingFormat.INLINE_LIMIT) {
                    spool = writer.scratch();
                    spoolOut = Files.newOutputStream(spool);
                    memory.writeTo(spoolOut);
                    memory = null;
                }
                if (spoolOut != null) {
                    spoolOut.write(buf, 0, n);
                } else {
                    memory.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            if (spool != null) {
                spoolOut.close();
                Files.deleteIfExists(spool);
            }
            throw e;
        }
        if (spoolOut != null) {
            spoolOut.close();
        }
        return new FileRead(total, Sha256.hex(digest), prefixHash, memory == null ? null : memory.toByteArray(), spool);
    }

    /** Drops the spool file, if any, when its content was not needed. */
    void discard() throws IOException {
        if (spooled != null) {
            Files.deleteIfExists(spooled);
        }
    }
}
