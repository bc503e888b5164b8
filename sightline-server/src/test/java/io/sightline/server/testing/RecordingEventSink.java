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
