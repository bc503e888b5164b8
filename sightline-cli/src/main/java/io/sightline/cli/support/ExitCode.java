package io.sightline.cli.support;

/** What the command's exit status means; scripts and CI rely on these staying put. */
public final class ExitCode {
    /** Everything worked (and, for {@code validate}, the input is valid). */
    public static final int OK = 0;
    /** The command ran but found problems or could not finish: invalid input, unreadable files. */
    public static final int FAILED = 1;
    /** The command line itself was wrong: unknown option, missing argument, bad value. */
    public static final int USAGE = 2;
    /** The environment is wrong: configuration, ports, databases, JDK. */
    public static final int ENVIRONMENT = 3;

    private ExitCode() {}
}
