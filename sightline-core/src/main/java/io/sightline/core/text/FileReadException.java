package io.sightline.core.text;

import java.nio.file.Path;

/**
 * Why a file could not be read, with where: what every reader's typed error (EPU's, STAR's, mdoc's) has in
 * common. Each reader's error is a closed set of variants below this.
 */
public abstract class FileReadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String problem;

    protected FileReadException(Path file, int line, int column, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** 1-based line of the problem, -1 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, -1 when unknown. */
    public int column() {
        return column;
    }

    /** What is wrong, without the file and position prefix. */
    public String problem() {
        return problem;
    }

    /** A stable lower-case name of the variant, for logs and JSON. */
    public abstract String kind();
}
