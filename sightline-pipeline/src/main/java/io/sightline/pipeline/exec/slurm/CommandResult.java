package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.ExecutorException;
import java.util.List;

/** What a finished command printed, and how it exited. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result, or an exception naming the command, its exit code and its standard error. */
    public CommandResult orThrow() throws ExecutorException {
        if (!ok()) {
            throw new ExecutorException(
                    "`" + commandLine(argv) + "` exited with " + exitCode + ": " + firstLines(stderr.strip()));
        }
        return this;
    }

    /** The command as one line for messages (long argument lists shortened). */
    static String commandLine(List<String> argv) {
        String line = String.join(" ", argv);
        return line.length() <= 300 ? line : line.substring(0, 300) + " ...";
    }

    private static String firstLines(String text) {
        if (text.isEmpty()) {
            return "(nothing on standard error)";
        }
        return text.length() <= 2000 ? text : text.substring(0, 2000) + " ...";
    }
}
