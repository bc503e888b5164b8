package io.sightline.server.events;

import java.util.List;

/**
 * Told about events after the transaction that wrote them has committed, in event-id order. The
 * persistence layer calls it; the SSE hub and the outbox publisher listen. Implementations must not
 * block the caller for long: they hand the events on and return.
 */
@FunctionalInterface
public interface EventSink {
    void committed(List<Event> events);
}
