package io.sightline.cli.support;

import io.sightline.core.epu.dir.ProgressListener;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on standard error for long reads, redrawn at most ten times a second. Plain
 * carriage returns, no terminal library: it must cost nothing when a command finishes in a second.
 */
public final class Progress implements ProgressListener, AutoCloseable {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final boolean enabled;
    private final PrintStream err;
    private final String task;
    private final long startNanos = System.nanoTime();
    private final AtomicLong lastDraw = new AtomicLong(startNanos - REDRAW_NANOS);
    private volatile boolean drawn;

    /** A bar that draws only when {@code enabled} (see {@link CliOutput#showProgress()}). */
    public Progress(boolean enabled, PrintStream err, String task) {
        this.enabled = enabled;
        this.err = err;
        this.task = task;
    }

    @Override
    public void progress(int done, int total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long last = lastDraw.get();
        if ((now - last >= REDRAW_NANOS || done == total) && lastDraw.compareAndSet(last, now)) {
            draw(done, total, now);
        }
    }

    private synchronized void draw(int done, int total, long now) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        double seconds = (now - startNanos) / 1e9;
        err.printf(
                "\r%s [%s%s] %d/%d files  %.1f s",
                task, "=".repeat(filled), " ".repeat(width - filled), done, total, seconds);
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
