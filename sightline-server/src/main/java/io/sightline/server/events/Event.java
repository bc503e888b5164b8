package io.sightline.server.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed change, as stored in the event log and delivered to buses and streams.
 *
 * @param id the event log id: increases in commit order and is the SSE {@code id:} clients resume from
 * @param type SmartEM-style name such as {@code acquisition.created} or {@code gridsquare.updated}
 * @param acquisitionUuid the acquisition the change belongs to, for stream filters; null for global events
 * @param entityUuid the entity that changed; null for events that are not about one entity
 * @param createdAt when the change was committed
 * @param payloadJson the event body as a JSON object (already serialised: it is stored and sent as is)
 */
public record Event(
        long id, String type, String acquisitionUuid, String entityUuid, Instant createdAt, String payloadJson) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
