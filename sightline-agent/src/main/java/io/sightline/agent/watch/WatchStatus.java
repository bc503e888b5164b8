package io.sightline.agent.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of what a {@link DirectoryWatcher} is doing, for the agent's status line.
 *
 * @param root               the watched directory
 * @param state              what the watcher is doing
 * @param since              when it entered that state
 * @param lastRescan         when the last full rescan finished, if one did
 * @param lastRescanDuration how long the last full rescan took ({@link Duration#ZERO} before the first)
 * @param filesTracked       files currently known below the root
 * @param pendingSettle      files seen but not yet settled
 * @param directoriesWatched directories registered for change events (0 when polling only)
 * @param pollingOnly        true when no change events are used
 */
public record WatchStatus(
        Path root,
        State state,
        Instant since,
        Optional<Instant> lastRescan,
        Duration lastRescanDuration,
        int filesTracked,
        int pendingSettle,
        int directoriesWatched,
        boolean pollingOnly) {

    /** What a watcher is doing. */
    public enum State {
        /** Created or started, the first scan is not finished. */
        STARTING,
        /** The root is there and watched. */
        WATCHING,
        /** The root is missing (not created yet, or the share dropped); looking again with back-off. */
        WAITING_FOR_FOLDER,
        /** Closed, or stopped by an unexpected error (logged). */
        STOPPED
    }

    public WatchStatus {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(lastRescan, "lastRescan");
        Objects.requireNonNull(lastRescanDuration, "lastRescanDuration");
    }

    /** One line for a status log, e.g. {@code watching /data/visit since ...: 1200 files, 3 settling, ...}. */
    public String describe() {
        String what = switch (state) {
            case STARTING -> "starting to watch";
            case WATCHING -> pollingOnly ? "polling" : "watching";
            case WAITING_FOR_FOLDER -> "waiting for folder";
            case STOPPED -> "stopped watching";
        };
        return what + " " + root + " since " + since
                + ": " + filesTracked + " files, " + pendingSettle + " settling, "
                + directoriesWatched + " directories watched, last rescan "
                + lastRescan
                        .map(t -> t + " (" + lastRescanDuration.toMillis() + " ms)")
                        .orElse("none");
    }
}
