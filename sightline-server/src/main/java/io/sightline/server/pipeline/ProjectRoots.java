package io.sightline.server.pipeline;

import io.sightline.server.http.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories pipeline projects may live in. A run's project, and every file the API serves from it, must
 * be inside one of them after normalisation and after following symbolic links (CryoBoost's {@code /api/file}
 * served any path; this is the fix).
 */
public final class ProjectRoots {
    private final List<Path> roots;

    public ProjectRoots(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one project root");
        }
        this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The project directory {@code project} names: an absolute path inside a root, or a path relative to the
     * first root.
     *
     * @throws ApiException 422 naming {@code field} when it lies outside every root
     */
    public Path project(String project, String field) {
        Path p;
        try {
            Path given = Path.of(project);
            p = (given.isAbsolute() ? given : roots.getFirst().resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw ApiException.unprocessable(field + ": not a path: " + e.getMessage());
        }
        if (project.isBlank() || roots.contains(p) || !inside(p)) {
            throw ApiException.unprocessable(field + ": '" + project + "' is not a directory inside a project root");
        }
        return p;
    }

    /** {@code file}, if it exists and is inside a root once symbolic links are followed. */
    public boolean serves(Path file) {
        try {
            return Files.isRegularFile(file) && inside(file.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    private boolean inside(Path p) {
        for (Path r : roots) {
            Path real = r;
            try {
                real = Files.exists(r) ? r.toRealPath() : r;
            } catch (IOException e) {
                // keep the configured path
            }
            if (p.startsWith(r) || p.startsWith(real)) {
                if (!Files.exists(p)) {
                    return true;
                }
                try {
                    return p.toRealPath().startsWith(real);
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
