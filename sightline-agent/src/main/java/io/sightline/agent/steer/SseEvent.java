package io.sightline.agent.steer;

import java.util.Objects;

/**
 * One dispatched Server-Sent Event, as the WHATWG EventSource rules define it.
 *
 * @param id    the last event id at dispatch (an event without {@code id:} keeps the previous one; "" if none)
 * @param event the event type ({@code message} when the block named none)
 * @param data  the data lines joined by {@code \n}
 * @param retry the reconnection time in ms a {@code retry:} line of this block set, or null
 */
public record SseEvent(String id, String event, String data, Long retry) {
    public SseEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }
}
