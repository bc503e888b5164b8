package io.sightline.server.events;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans committed events out to several sinks (SSE hub, outbox publisher, metrics), in the given order. */
public final class EventSinks {

    private static final Logger log = LoggerFactory.getLogger(EventSinks.class);

    private EventSinks() {}

    /**
     * One sink that tells each of {@code sinks} in turn. A sink that throws is logged and does not keep
     * the others from being told: the events are committed either way, and the outbox and the event
     * log still hold them.
     */
    public static EventSink of(EventSink... sinks) {
        List<EventSink> all = List.of(sinks);
        return events -> {
            for (EventSink s : all) {
                try {
                    s.committed(events);
                } catch (RuntimeException e) {
                    log.error("event sink {} failed on {} events; the others are still told", s, events.size(), e);
                }
            }
        };
    }
}
