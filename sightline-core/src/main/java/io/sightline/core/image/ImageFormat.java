package io.sightline.core.image;

import java.nio.file.Path;

/**
 * One image format in the registry: recognises its files from their first bytes (and, where a format has no
 * magic number of its own, their name), and opens them.
 */
public interface ImageFormat {

    /** The registry name, lower case: {@code mrc}, {@code tiff}. */
    String name();

    /** Whether {@code head} (the file's first bytes, up to {@link FileHead#SIZE}) starts a file of this format. */
    boolean recognises(FileHead head);

    /** Opens {@code file}: reads and checks the header against {@code limits}; pixels are read later. */
    ImageReader open(Path file, ImageLimits limits) throws ImageReadException;
}
