package io.sightline.core.epu.kind;

import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * How a file kind's grid folder (the folder of the grid's {@code EpuSession.dm}) is found from a file's
 * path: by the names of the folders EPU writes, never by a count of levels, so a file in an unexpected
 * place is outside any grid rather than attached to the wrong one.
 */
@FunctionalInterface
public interface GridFolder {

    /** The grid folder of {@code file} (absolute, normalised), or null when the file belongs to no grid. */
    Path of(Path file);

    /** Files that belong to no grid folder (an atlas is linked to grids through their sessions instead). */
    GridFolder NONE = file -> null;

    /** The file's own folder ({@code <grid>/EpuSession.dm}). */
    GridFolder OWN_FOLDER = Path::getParent;

    /** The folder holding the nearest enclosing folder whose name passes {@code folder}. */
    static GridFolder holding(String what, Predicate<String> folder) {
        return new GridFolder() {
            @Override
            public Path of(Path file) {
                for (Path p = file.getParent(); p != null; p = p.getParent()) {
                    Path name = p.getFileName();
                    if (name != null && folder.test(name.toString())) {
                        return p.getParent();
                    }
                }
                return null;
            }

            @Override
            public String toString() {
                return "the folder holding " + what;
            }
        };
    }

    /** {@code <grid>/Metadata/...}. */
    GridFolder HOLDING_METADATA = holding("Metadata/", "Metadata"::equals);

    /** {@code <grid>/Images-Disc<N>/...}. */
    GridFolder HOLDING_IMAGES_DISC = holding("Images-Disc<N>/", name -> name.startsWith("Images-Disc"));
}
