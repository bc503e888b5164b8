package io.sightline.server.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The files a batch's run reads: {@code Movies/batch_NNNN/} in the project, one symbolic link per micrograph
 * (to its movie beside the EPU manifest when there is one, else to the manifest itself), which the import job
 * takes as its glob, as RELION users link raw movies into a project; and {@code Movies/batch_NNNN.tsv} beside
 * it naming each micrograph's uuid, id and file, for tools that want the list (outside the directory, so the
 * glob matches only the links). Writing it again (after a restart) gives the same directory.
 */
final class BatchInputs {
    /** Movie file names EPU writes beside (or for) a micrograph, by the manifest's stem, in the order tried. */
    static final List<String> MOVIE_SUFFIXES =
            List.of("_Fractions.tiff", "_Fractions.tif", "_Fractions.mrc", "_EER.eer", ".eer", ".tiff", ".tif", ".mrc");

    private BatchInputs() {}

    static Path directory(Path project, int batchNumber) {
        return project.resolve("Movies").resolve("batch_%04d".formatted(batchNumber));
    }

    /** The import job's glob for the batch: every link in its directory. */
    static String glob(Path project, int batchNumber) {
        return directory(project, batchNumber) + "/*";
    }

    /** Writes the batch's directory; a micrograph whose file is not on this server is listed but not linked. */
    static Path write(Path project, int batchNumber, List<AttachmentItem> items) throws IOException {
        Path dir = directory(project, batchNumber);
        Files.createDirectories(dir);
        StringBuilder list = new StringBuilder("micrograph_uuid\tmicrograph_id\tfile\n");
        for (AttachmentItem item : items) {
            Optional<Path> file = item.path() == null ? Optional.empty() : movieOf(Path.of(item.path()));
            if (file.isPresent()) {
                try {
                    Files.createSymbolicLink(dir.resolve(file.get().getFileName()), file.get());
                } catch (FileAlreadyExistsException e) {
                    // written by an earlier attempt at this batch
                }
            }
            list.append(item.micrographUuid())
                    .append('\t')
                    .append(item.micrographId() == null ? "" : item.micrographId())
                    .append('\t')
                    .append(file.map(Path::toString).orElse("not on this server: " + item.path()))
                    .append('\n');
        }
        Path tsv = project.resolve("Movies").resolve("batch_%04d.tsv".formatted(batchNumber));
        Path tmp = tsv.resolveSibling(tsv.getFileName() + ".tmp");
        Files.writeString(tmp, list, StandardCharsets.UTF_8);
        Files.move(tmp, tsv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /** The movie beside {@code manifest} ({@link #MOVIE_SUFFIXES}), else the manifest itself if it exists. */
    static Optional<Path> movieOf(Path manifest) {
        String name = manifest.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        for (String suffix : MOVIE_SUFFIXES) {
            Path movie = manifest.resolveSibling(stem + suffix);
            if (!movie.equals(manifest) && Files.isRegularFile(movie)) {
                return Optional.of(movie);
            }
        }
        return Files.isRegularFile(manifest) ? Optional.of(manifest) : Optional.empty();
    }
}
