package io.sightline.server.events;

import java.util.List;

/**
 * Carries committed events to other processes or components. The outbox publisher is its only writer.
 *
 * <p>{@link #publish} has confirmation semantics: when it returns normally, every event of the batch has
 * been accepted by the bus (for AMQP: confirmed by the broker, so it survives a broker restart); when it
 * throws, none, some or all may have been accepted, and the caller publishes the same batch again later.
 * Delivery is therefore at-least-once, in event-id order; consumers deduplicate by event id (the AMQP
 * message id).
 */
public interface EventBus extends AutoCloseable {

    /** Publishes the events in the given order and waits until the bus has accepted all of them. */
    void publish(List<Event> events) throws EventBusException;

    /** Releases connections and threads; later publishes fail. */
    @Override
    void close();
}
