package io.sightline.core.text;

import java.nio.file.Path;

/**
 * Why a text file (STAR, mdoc) could not be read. A closed set so callers decide per kind: retry an
 * {@link Incomplete} file later (it is still being written), report a {@link Malformed} or
 * {@link Unsupported} one, and check the disk for an {@link Unreadable} one.
 *
 * <p>Every variant names the file and, when known, the 1-based line and column ({@code -1} when unknown).
 */
public abstract sealed class TextReadException extends FileReadException {

    private static final long serialVersionUID = 1L;

    TextReadException(Path file, int line, int column, String problem, Throwable cause) {
        super(file, line, column, problem, cause);
    }

    /** The text ends in the middle of something (a row, a quoted value): most likely still being written. */
    public static final class Incomplete extends TextReadException {
        private static final long serialVersionUID = 1L;

        public Incomplete(Path file, int line, int column, String problem) {
            super(file, line, column, problem, null);
        }

        @Override
        public String kind() {
            return "incomplete";
        }
    }

    /** The text will never read: broken syntax, a missing part, a value of the wrong type. */
    public static final class Malformed extends TextReadException {
        private static final long serialVersionUID = 1L;

        public Malformed(Path file, int line, int column, String problem) {
            super(file, line, column, problem, null);
        }

        @Override
        public String kind() {
            return "malformed";
        }
    }

    /** Well-formed, but uses something this reader deliberately does not handle. */
    public static final class Unsupported extends TextReadException {
        private static final long serialVersionUID = 1L;

        public Unsupported(Path file, int line, int column, String problem) {
            super(file, line, column, problem, null);
        }

        @Override
        public String kind() {
            return "unsupported";
        }
    }

    /** The bytes could not be read at all (missing file, permissions, I/O error). */
    public static final class Unreadable extends TextReadException {
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
