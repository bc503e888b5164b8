package io.sightline.agent.watch;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A regular file whose size and modification time stayed the same for the whole settle window.
 *
 * @param path         absolute path of the file (under the watched root)
 * @param size         size in bytes when it settled
 * @param lastModified modification time when it settled
 */
public record SettledFile(Path path, long size, Instant lastModified) {

    /** By path: the stable order in which files that settle together are handed on. */
    public static final Comparator<SettledFile> BY_PATH = Comparator.comparing(SettledFile::path);

    public SettledFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lastModified, "lastModified");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size + " for " + path);
        }
    }
}
