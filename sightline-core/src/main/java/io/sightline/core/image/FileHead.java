package io.sightline.core.image;

import java.nio.file.Path;
import java.util.Arrays;

/** The first bytes of a file (at most {@link #SIZE}) and its name, from which formats recognise their files. */
public record FileHead(Path file, byte[] bytes) {

    /** An MRC header is 1,024 bytes and its magic number sits at 208; every other format's is nearer. */
    public static final int SIZE = 1024;

    /** Whether the head holds {@code magic} at {@code offset}. */
    public boolean hasAt(int offset, byte[] magic) {
        return bytes.length >= offset + magic.length
                && Arrays.equals(bytes, offset, offset + magic.length, magic, 0, magic.length);
    }

    /** Whether the file name ends with one of {@code suffixes}, ignoring case. */
    public boolean nameEndsWith(String... suffixes) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(java.util.Locale.ROOT);
        for (String suffix : suffixes) {
            if (lower.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
