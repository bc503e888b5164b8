package io.sightline.agent.watch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DirectoryWatcher} watches one directory tree.
 *
 * @param root             the directory to watch, with everything below it; it may be absent at start
 * @param pollingOnly      true to rely on rescans alone (SMB/CIFS shares that deliver no change events)
 * @param rescanInterval   time between full rescans, the source of truth (also the poll interval)
 * @param settleWindow     how long size and modification time must stay unchanged before a file is handed on
 * @param retryMin         first wait before looking for a missing root again
 * @param retryMax         longest wait between looks for a missing root (the wait doubles up to this)
 * @param clock            source of time for settle decisions and status timestamps
 */
public record WatchOptions(
        Path root,
        boolean pollingOnly,
        Duration rescanInterval,
        Duration settleWindow,
        Duration retryMin,
        Duration retryMax,
        Clock clock) {

    public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SETTLE_WINDOW = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);

    public WatchOptions {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
        requirePositive(rescanInterval, "rescanInterval");
        Objects.requireNonNull(settleWindow, "settleWindow");
        if (settleWindow.isNegative()) {
            throw new IllegalArgumentException("settleWindow must not be negative: " + settleWindow);
        }
        requirePositive(retryMin, "retryMin");
        requirePositive(retryMax, "retryMax");
        if (retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("retryMax " + retryMax + " is shorter than retryMin " + retryMin);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** Native events plus a rescan every 10 s, settle window 1 s, retries from 0.5 s to 30 s, UTC clock. */
    public static WatchOptions of(Path root) {
        return new WatchOptions(
                root,
                false,
                DEFAULT_RESCAN_INTERVAL,
                DEFAULT_SETTLE_WINDOW,
                DEFAULT_RETRY_MIN,
                DEFAULT_RETRY_MAX,
                Clock.systemUTC());
    }

    public WatchOptions withPollingOnly(boolean value) {
        return new WatchOptions(root, value, rescanInterval, settleWindow, retryMin, retryMax, clock);
    }

    public WatchOptions withRescanInterval(Duration value) {
        return new WatchOptions(root, pollingOnly, value, settleWindow, retryMin, retryMax, clock);
    }

    public WatchOptions withSettleWindow(Duration value) {
        return new WatchOptions(root, pollingOnly, rescanInterval, value, retryMin, retryMax, clock);
    }

    public WatchOptions withRetry(Duration min, Duration max) {
        return new WatchOptions(root, pollingOnly, rescanInterval, settleWindow, min, max, clock);
    }

    public WatchOptions withClock(Clock value) {
        return new WatchOptions(root, pollingOnly, rescanInterval, settleWindow, retryMin, retryMax, value);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
