package io.sightline.core.image;

import java.nio.file.Path;

/**
 * Why an image file could not be read. A closed set so callers decide per kind: a {@link Truncated} file may
 * still be being written (retry later), a {@link TooLarge} one is refused by the limits the caller chose, a
 * {@link Malformed} or {@link Unsupported} one is reported, a {@link NoSuchPlane} request is the caller's
 * mistake, and an {@link Unreadable} one is a matter for the disk.
 *
 * <p>Every variant names the file and, when one header field is to blame, that field (as the format's own
 * documentation spells it: {@code nx}, {@code nsymbt}, {@code StripByteCounts}, {@code IHDR.width}).
 */
public abstract sealed class ImageReadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;
    private final String problem;

    ImageReadException(Path file, String field, String problem, Throwable cause) {
        super(file + ": " + (field == null ? "" : field + ": ") + problem, cause);
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** The header field to blame, or null when the problem is not one field's. */
    public String field() {
        return field;
    }

    /** What is wrong, without the file and field prefix. */
    public String problem() {
        return problem;
    }

    /** A stable lower-case name of the variant, for logs, JSON and HTTP problem types. */
    public abstract String kind();

    /** The file is shorter than its header says: most likely still being written. */
    public static final class Truncated extends ImageReadException {
        private static final long serialVersionUID = 1L;

        public Truncated(Path file, String field, String problem) {
            super(file, field, problem, null);
        }

        @Override
        public String kind() {
            return "truncated";
        }
    }

    /** A header field holds a value that no valid file has (a negative size, an unknown byte order). */
    public static final class Malformed extends ImageReadException {
        private static final long serialVersionUID = 1L;

        public Malformed(Path file, String field, String problem) {
            super(file, field, problem, null);
        }

        public Malformed(Path file, String field, String problem, Throwable cause) {
            super(file, field, problem, cause);
        }

        @Override
        public String kind() {
            return "malformed";
        }
    }

    /** The header claims more than the {@link ImageLimits} in force allow; nothing was allocated for it. */
    public static final class TooLarge extends ImageReadException {
        private static final long serialVersionUID = 1L;

        public TooLarge(Path file, String field, String problem) {
            super(file, field, problem, null);
        }

        @Override
        public String kind() {
            return "too-large";
        }
    }

    /** A valid file in a variant this reader does not read (an MRC mode, a TIFF compression, no known format). */
    public static final class Unsupported extends ImageReadException {
        private static final long serialVersionUID = 1L;

        public Unsupported(Path file, String field, String problem) {
            super(file, field, problem, null);
        }

        public Unsupported(Path file, String field, String problem, Throwable cause) {
            super(file, field, problem, cause);
        }

        @Override
        public String kind() {
            return "unsupported";
        }
    }

    /** The caller asked for a page or plane that the file does not have. */
    public static final class NoSuchPlane extends ImageReadException {
        private static final long serialVersionUID = 1L;

        public NoSuchPlane(Path file, String problem) {
            super(file, null, problem, null);
        }

        @Override
        public String kind() {
            return "no-such-plane";
        }
    }

    /** The bytes could not be read at all (missing file, permissions, I/O error). */
    public static final class Unreadable extends ImageReadException {
        private static final long serialVersionUID = 1L;

        public Unreadable(Path file, String problem, Throwable cause) {
            super(file, null, problem, cause);
        }

        @Override
        public String kind() {
            return "unreadable";
        }
    }
}
