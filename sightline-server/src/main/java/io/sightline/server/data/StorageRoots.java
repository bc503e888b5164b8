package io.sightline.server.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The directories the server serves files from, and how a client's path becomes a server path inside one.
 *
 * <p>A client's path is untrusted. It is refused, before the file system is asked anything, when it holds
 * a NUL, a {@code ..} segment, or a percent-encoded dot, slash or backslash (so that a decoding further on
 * cannot make one). It then goes through the {@link PathMap}s (first match wins); what is left must be a
 * server path: a Windows drive letter or a UNC share that no map rewrote is refused. A relative path is
 * taken inside the first root that has it. Finally the file's real path (every symlink followed) must lie
 * inside a root's real path, so a link pointing out of a root is refused too. {@link #contains} repeats the
 * last check when a file is served, since a file may be replaced by a link after it was registered.
 */
public final class StorageRoots {
    private static final Pattern ENCODED = Pattern.compile("%(2e|2f|5c|00)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

    private final List<Path> roots;
    private final List<PathMap> maps;

    /** Roots that do not exist are an error at start, not a mystery at the first request. */
    public StorageRoots(List<Path> roots, List<PathMap> maps) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                throw new IllegalArgumentException("storage root " + root + " is not a readable directory", e);
            }
        }
        this.roots = List.copyOf(real);
        this.maps = List.copyOf(maps);
    }

    public List<Path> roots() {
        return roots;
    }

    public List<PathMap> maps() {
        return maps;
    }

    /** A client's path that may not be served, and why (the message names the path). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String path, String why) {
            super("path '" + path + "' " + why);
        }
    }

    /** The real server path of {@code clientPath}: a regular file inside a root. */
    public Path resolve(String clientPath) throws Refused {
        if (roots.isEmpty()) {
            throw new Refused(clientPath, "cannot be served: the server has no storage root (--storage-root DIR)");
        }
        if (clientPath.isEmpty() || clientPath.indexOf('\0') >= 0) {
            throw new Refused(clientPath, "is empty or holds a NUL character");
        }
        if (ENCODED.matcher(clientPath).find()) {
            throw new Refused(clientPath, "holds a percent-encoded dot, slash, backslash or NUL");
        }
        String slashed = clientPath.replace('\\', '/');
        for (String segment : slashed.split("/")) {
            if (segment.equals("..")) {
                throw new Refused(clientPath, "holds a '..' segment");
            }
        }
        String mapped = slashed;
        for (PathMap map : maps) {
            String applied = map.apply(slashed);
            if (applied != null) {
                mapped = applied;
                break;
            }
        }
        if (mapped.startsWith("//") || DRIVE.matcher(mapped).find()) {
            throw new Refused(
                    clientPath, "is a Windows drive or UNC path that no path map rewrites (--path-map 'Z:\\=/mnt/z')");
        }
        Path candidate;
        try {
            candidate = Path.of(mapped);
        } catch (InvalidPathException e) {
            throw new Refused(clientPath, "is not a path on this server: " + e.getReason());
        }
        if (candidate.isAbsolute()) {
            return inside(clientPath, candidate);
        }
        Refused last = null;
        for (Path root : roots) {
            try {
                return inside(clientPath, root.resolve(candidate));
            } catch (Refused e) {
                last = e;
            }
        }
        throw last;
    }

    private Path inside(String clientPath, Path candidate) throws Refused {
        Path normal = candidate.normalize();
        if (roots.stream().noneMatch(normal::startsWith)) {
            throw new Refused(clientPath, "is outside the storage roots " + roots);
        }
        Path real;
        try {
            real = normal.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Refused(clientPath, "does not exist (as " + normal + ")");
        } catch (IOException e) {
            throw new Refused(clientPath, "cannot be read (as " + normal + "): " + e.getMessage());
        }
        if (!contains(real)) {
            throw new Refused(clientPath, "leads out of the storage roots through a symbolic link (to " + real + ")");
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(clientPath, "is not a regular file");
        }
        return real;
    }

    /** Whether the real path of {@code file} (links followed) is inside a root; false when it is gone. */
    public boolean contains(Path file) {
        try {
            Path real = file.toRealPath();
            return roots.stream().anyMatch(real::startsWith);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "roots=" + roots + ", maps=" + maps;
    }
}
