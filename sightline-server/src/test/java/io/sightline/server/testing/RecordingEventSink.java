package io.sightline.server.testing;

import io.sightline.server.events.Event;
import io.sightline.server.events.EventSink;
import java.util.ArrayList;
import java.util.List;

/** An {@link EventSink} that remembers every event it was told about, in order. */
public final class RecordingEventSink implements EventSink {
    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void committed(List<Event> batch) {
        events.addAll(batch);
        notifyAll();
    }

    /**
     * The first event {@code wanted} accepts, waiting for it to be committed; fails after {@code limit} (a
     * bound on a hang, not a speed expectation).
     */
    public synchronized Event await(java.util.function.Predicate<Event> wanted, java.time.Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (Event e : events) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such event within " + limit + "; events: " + types());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
