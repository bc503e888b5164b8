package io.sightline.core.relion;

import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarWriter;
import io.sightline.core.text.TextReadException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reads RELION's project files into their views and writes them back. Writing replaces the file in one
 * step (a temporary file beside it, then a rename), so RELION or another reader never sees half a file.
 * Stateless and thread-safe.
 */
public final class RelionFiles {

    /** The {@code # version} RELION 5 writes before each block, and that new files get. */
    public static final int VERSION = 50001;

    /** Names a file made by an edit in code, in the errors of a read-back that cannot fail. */
    static final Path EDITED = Path.of("(edited in memory)");

    private final StarReader reader = new StarReader();

    public JobStar job(Path file) throws TextReadException {
        return JobStar.of(reader.read(file), file);
    }

    public Scheme scheme(Path file) throws TextReadException {
        return Scheme.of(reader.read(file), file);
    }

    public DefaultPipeline pipeline(Path file) throws TextReadException {
        return DefaultPipeline.of(reader.read(file), file);
    }

    /** Writes {@code star} to {@code file}, replacing it atomically where the file system allows. */
    public void write(StarFile star, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary);
                    StarWriter writer = StarWriter.of(out)) {
                writer.write(star);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
