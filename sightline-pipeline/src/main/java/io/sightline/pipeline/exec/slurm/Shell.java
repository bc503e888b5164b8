package io.sightline.pipeline.exec.slurm;

/** POSIX shell quoting for the generated batch scripts. */
final class Shell {
    private Shell() {}

    /** {@code s} as one shell word: single-quoted, with embedded single quotes closed, escaped and reopened. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
