package io.sightline.simulate.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; hashes are lower-case hex, as epuplayer's {@code hexdigest()}. */
final class Sha256 {

    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    static String of(byte[] bytes) {
        MessageDigest d = newDigest();
        d.update(bytes);
        return hex(d);
    }

    /** The hash of the first {@code length} bytes. */
    static String of(byte[] bytes, long length) {
        MessageDigest d = newDigest();
        d.update(bytes, 0, (int) Math.min(length, bytes.length));
        return hex(d);
    }

    static MessageDigest digestOf(Path file) throws IOException {
        return digestOf(file, Long.MAX_VALUE);
    }

    /** The hash of the file's first {@code length} bytes (all of it when shorter). */
    static String ofPrefix(Path file, long length) throws IOException {
        return hex(digestOf(file, length));
    }

    private static MessageDigest digestOf(Path file, long length) throws IOException {
        MessageDigest d = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            long left = length;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                d.update(buf, 0, n);
                left -= n;
            }
        }
        return d;
    }

    static String of(Path file) throws IOException {
        return hex(digestOf(file));
    }

    /** The hash of {@code digest}'s input followed by {@code more}, leaving {@code digest} untouched. */
    static String continued(MessageDigest digest, byte[] more) {
        try {
            MessageDigest copy = (MessageDigest) digest.clone();
            copy.update(more);
            return hex(copy);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }
}
