package io.sightline.agent.steer;

import java.util.ArrayDeque;
import java.util.List;

/** The last warnings and errors the agent logged, for {@code agent.info.errors}. Bounded. */
public final class RecentProblems implements LogSink {
    private final int capacity;
    private final ArrayDeque<LogEntry> entries = new ArrayDeque<>();
    private long total;

    public RecentProblems(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void accept(LogEntry entry) {
        if (!entry.level().equals("WARN") && !entry.level().equals("ERROR")) {
            return;
        }
        total++;
        if (entries.size() >= capacity) {
            entries.pollFirst();
        }
        entries.addLast(entry);
    }

    /** Oldest first. */
    public synchronized List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    /** Warnings and errors seen since the start, kept or not. */
    public synchronized long total() {
        return total;
    }
}
