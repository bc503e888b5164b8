package io.sightline.agent.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Decides when a file has settled: it is fed observations (path, size, modification time, when) and
 * says which files kept the same size and modification time for the whole settle window.
 *
 * <p>Pure and single-threaded: no I/O, no clock of its own; time is whatever the caller passes. A file
 * settles only when an observation made at least one window after its last change confirms that it
 * did not change; {@link #awaitingConfirmation(Instant)} names the files the caller should look at
 * again for that. Each (size, modification time) of a path is handed on at most once in a row: seeing
 * the same state again is not news, a different state is handed on again once it settles.
 *
 * <p>A file whose own modification time is already older than the window (and than {@link
 * #MTIME_MARGIN}, for file systems that keep it coarsely or hosts whose clocks differ a little) has not
 * been written for that long: it settles at its first observation, with no second look. That is every
 * file of a session the agent starts after, so catching up waits for no window.
 *
 * <p>Memory per tracked file is one small entry of primitives keyed by its path, so tens of thousands
 * of files cost a few megabytes.
 */
public final class SettleTracker {

    private static final long NEVER = Long.MIN_VALUE;
    /** A modification time at least this old (and a window old) needs no confirming second look. */
    public static final Duration MTIME_MARGIN = Duration.ofSeconds(2);

    /** Mutable on purpose: one per tracked file, primitives only, to stay compact. */
    private static final class Entry {
        long size;
        long modified;
        long changedAt;
        long seenAt;
        long emittedSize = NEVER;
        long emittedModified = NEVER;
        int sweep;

        boolean wasEmitted() {
            return emittedSize != NEVER;
        }

        boolean isEmittedState() {
            return emittedSize == size && emittedModified == modified;
        }
    }

    private final long windowNanos;
    private final long quietNanos;
    private final Map<Path, Entry> entries = new HashMap<>();
    private final Set<Path> pending = new HashSet<>();
    private int sweep;

    public SettleTracker(Duration settleWindow) {
        Objects.requireNonNull(settleWindow, "settleWindow");
        if (settleWindow.isNegative()) {
            throw new IllegalArgumentException("settle window must not be negative: " + settleWindow);
        }
        this.windowNanos = settleWindow.toNanos();
        this.quietNanos = Math.max(windowNanos, MTIME_MARGIN.toNanos());
    }

    /**
     * Records that {@code path} had {@code size} bytes and modification time {@code modifiedNanos}
     * (nanoseconds since the epoch) at {@code now}.
     */
    public void observe(Path path, long size, long modifiedNanos, Instant now) {
        long at = nanos(now);
        Entry entry = entries.get(path);
        if (entry == null) {
            entry = new Entry();
            entry.size = size;
            entry.modified = modifiedNanos;
            entry.changedAt = changedAt(modifiedNanos, at);
            entry.seenAt = at;
            entry.sweep = sweep;
            entries.put(path, entry);
            pending.add(path);
            return;
        }
        entry.sweep = sweep;
        if (entry.size != size || entry.modified != modifiedNanos) {
            entry.size = size;
            entry.modified = modifiedNanos;
            entry.changedAt = changedAt(modifiedNanos, at);
            entry.seenAt = at;
            pending.add(path);
        } else if (at > entry.seenAt) {
            entry.seenAt = at;
        }
    }

    /**
     * When a change seen at {@code at} counts as made: then, unless the file's modification time shows it
     * was quiet long enough already, in which case a whole window ago (it settles without a second look).
     */
    private long changedAt(long modifiedNanos, long at) {
        return modifiedNanos <= at - quietNanos ? at - windowNanos : at;
    }

    /**
     * Forgets {@code path}.
     *
     * @return true when the path had been handed on as settled, so its deletion is news to the consumer
     */
    public boolean remove(Path path) {
        Entry entry = entries.remove(path);
        pending.remove(path);
        return entry != null && entry.wasEmitted();
    }

    /** Forgets every path below {@code directory}; returns, sorted, those that had been handed on. */
    public List<Path> removeUnder(Path directory) {
        return removeIf((path, entry) -> path.startsWith(directory) && !path.equals(directory));
    }

    /** True when {@code path} is tracked as a file. */
    public boolean isTracked(Path path) {
        return entries.containsKey(path);
    }

    /**
     * Files that have not changed for a full window since their last observed change, but have not been
     * observed since the window ended: look at them again and {@link #observe} what you find.
     */
    public List<Path> awaitingConfirmation(Instant now) {
        long at = nanos(now);
        List<Path> due = new ArrayList<>();
        for (Path path : pending) {
            Entry entry = entries.get(path);
            long deadline = entry.changedAt + windowNanos;
            if (deadline <= at && entry.seenAt < deadline) {
                due.add(path);
            }
        }
        Collections.sort(due);
        return due;
    }

    /**
     * Removes from the pending set and returns, sorted by path, every file confirmed unchanged for a
     * whole window whose state was not handed on before.
     */
    public List<SettledFile> drainSettled() {
        List<SettledFile> settled = new ArrayList<>();
        Iterator<Path> it = pending.iterator();
        while (it.hasNext()) {
            Path path = it.next();
            Entry entry = entries.get(path);
            if (entry.seenAt - entry.changedAt < windowNanos) {
                continue;
            }
            it.remove();
            if (!entry.isEmittedState()) {
                entry.emittedSize = entry.size;
                entry.emittedModified = entry.modified;
                settled.add(new SettledFile(path, entry.size, instant(entry.modified)));
            }
        }
        settled.sort(SettledFile.BY_PATH);
        return settled;
    }

    /** The earliest moment at which a pending file may settle, if any file is pending. */
    public Optional<Instant> nextDeadline() {
        long earliest = Long.MAX_VALUE;
        for (Path path : pending) {
            earliest = Math.min(earliest, entries.get(path).changedAt + windowNanos);
        }
        return earliest == Long.MAX_VALUE ? Optional.empty() : Optional.of(instant(earliest));
    }

    /**
     * Starts a full sweep: every tracked file not observed between now and {@link #endSweep()} is
     * considered gone. A sweep that is not ended (say, the walk met an error) has no effect.
     */
    public void beginSweep() {
        sweep++;
    }

    /** Forgets every file not observed since {@link #beginSweep()}; returns, sorted, those handed on before. */
    public List<Path> endSweep() {
        return removeIf((path, entry) -> entry.sweep != sweep);
    }

    private List<Path> removeIf(BiPredicate<Path, Entry> condition) {
        List<Path> gone = new ArrayList<>();
        Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Path, Entry> e = it.next();
            if (condition.test(e.getKey(), e.getValue())) {
                it.remove();
                pending.remove(e.getKey());
                if (e.getValue().wasEmitted()) {
                    gone.add(e.getKey());
                }
            }
        }
        Collections.sort(gone);
        return gone;
    }

    public int trackedCount() {
        return entries.size();
    }

    public int pendingCount() {
        return pending.size();
    }

    public Duration settleWindow() {
        return Duration.ofNanos(windowNanos);
    }

    static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos);
    }
}
