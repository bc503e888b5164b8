package io.sightline.pipeline.exec;

/** The backend refused or could not be asked (sbatch rejected the script, squeue not reachable). */
public class ExecutorException extends Exception {
    public ExecutorException(String message) {
        super(message);
    }

    public ExecutorException(String message, Throwable cause) {
        super(message, cause);
    }
}
