package io.sightline.core.epu.read;

import io.sightline.core.text.FileReadException;
import java.nio.file.Path;

/**
 * Why an EPU file could not be read. A closed set so callers decide per kind: retry an
 * {@link Incomplete} file later (EPU is still writing it), report a {@link Malformed} or
 * {@link Unsupported} one, and check the disk for an {@link Unreadable} one.
 *
 * <p>Every variant names the file and, when the parser knows it, the 1-based line and column
 * ({@code -1} when unknown).
 */
public abstract sealed class EpuReadException extends FileReadException {

    private static final long serialVersionUID = 1L;

    EpuReadException(Path file, int line, int column, String problem, Throwable cause) {
        super(file, line, column, problem, cause);
    }

    /** The document ends early (unexpected end of file): the file is most likely still being written. */
    public static final class Incomplete extends EpuReadException {
        private static final long serialVersionUID = 1L;

        public Incomplete(Path file, int line, int column, String problem, Throwable cause) {
            super(file, line, column, problem, cause);
        }

        @Override
        public String kind() {
            return "incomplete";
        }
    }

    /** The file will never parse: not XML, wrong root or namespace, a DTD, a number out of range. */
    public static final class Malformed extends EpuReadException {
        private static final long serialVersionUID = 1L;

        public Malformed(Path file, int line, int column, String problem, Throwable cause) {
            super(file, line, column, problem, cause);
        }

        @Override
        public String kind() {
            return "malformed";
        }
    }

    /** Well-formed and of the right kind, but in a shape or version this reader does not know. */
    public static final class Unsupported extends EpuReadException {
        private static final long serialVersionUID = 1L;

        public Unsupported(Path file, int line, int column, String problem, Throwable cause) {
            super(file, line, column, problem, cause);
        }

        @Override
        public String kind() {
            return "unsupported";
        }
    }

    /** The bytes could not be read at all (missing file, permissions, I/O error). */
    public static final class Unreadable extends EpuReadException {
        private static final long serialVersionUID = 1L;

        public Unreadable(Path file, String problem, Throwable cause) {
            super(file, -1, -1, problem, cause);
        }

        @Override
        public String kind() {
            return "unreadable";
        }
    }
}
