package io.sightline.simulate.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Turns a recorded relative path into a path inside the replay target, refusing anything that escapes. */
final class SafePaths {

    /**
     * How epuplayer names the recorded folder itself: watchdog reports a change inside the watched folder
     * as a change of that folder ({@code modified .}).
     */
    static final String ROOT = ".";

    private SafePaths() {}

    static boolean isRoot(String recorded) {
        return ROOT.equals(recorded);
    }

    /**
     * Resolves {@code recorded} under {@code root} (a real path). Refuses absolute paths, drive letters,
     * backslashes, empty, {@code .} and {@code ..} segments, and any existing ancestor inside the target
     * that is a symbolic link.
     */
    static Path resolve(Path root, String recorded, String where) throws IOException {
        checkSyntax(recorded, where);
        Path p = root;
        for (String segment : recorded.split("/")) {
            p = p.resolve(segment);
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeRecordingException(
                        where, "'" + recorded + "' passes through a symbolic link in the target");
            }
        }
        if (!p.normalize().startsWith(root)) {
            throw new UnsafeRecordingException(where, "'" + recorded + "' escapes the target");
        }
        return p;
    }

    static void checkSyntax(String recorded, String where) throws UnsafeRecordingException {
        if (recorded == null
                || recorded.isEmpty()
                || recorded.startsWith("/")
                || recorded.contains("\\")
                || recorded.indexOf('\0') >= 0
                || recorded.contains(":")) {
            throw new UnsafeRecordingException(where, "path '" + recorded + "' is absolute or malformed");
        }
        for (String segment : recorded.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnsafeRecordingException(where, "path '" + recorded + "' has an empty, '.' or '..' segment");
            }
        }
    }

    static boolean existsNoFollow(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
