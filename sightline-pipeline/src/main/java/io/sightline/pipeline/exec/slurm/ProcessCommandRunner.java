package io.sightline.pipeline.exec.slurm;

import io.sightline.pipeline.exec.ExecutorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as local processes. Both output streams are drained while the command runs (an
 * {@code squeue} of ten thousand array tasks fills a pipe buffer long before it exits).
 *
 * <p>{@code SLURM_*} and {@code SBATCH_*} variables are removed from the child's environment, as
 * CryoBoost's retry path does: a server started inside an allocation would otherwise pass its own job's
 * settings (partition, array index, job id) to every job it submits.
 */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws ExecutorException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().keySet().removeIf(name -> name.startsWith("SLURM_") || name.startsWith("SBATCH_"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ExecutorException(
                    "`" + CommandResult.commandLine(argv) + "` could not start (" + e.getMessage()
                            + "); are the SLURM client commands installed and on the PATH?",
                    e);
        }
        closeQuietly(process);
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ExecutorException("`" + CommandResult.commandLine(argv) + "` did not finish within "
                        + timeout.toSeconds() + " s and was killed");
            }
            return new CommandResult(argv, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ExecutorException("interrupted while waiting for `" + CommandResult.commandLine(argv) + "`", e);
        } catch (ExecutionException e) {
            throw new ExecutorException(
                    "could not read the output of `" + CommandResult.commandLine(argv) + "`", e.getCause());
        }
    }

    /** The SLURM commands read nothing; a closed standard input makes sure none of them waits for it. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Nothing was written, so nothing is lost.
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }
}
