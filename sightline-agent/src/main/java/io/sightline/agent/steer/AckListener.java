package io.sightline.agent.steer;

/**
 * Told of each acknowledgement the server accepted (2xx), on the thread that sent it, just after the
 * answer arrived: for measurements (the steering benchmark's round trip). It must return quickly.
 */
@FunctionalInterface
public interface AckListener {
    AckListener NONE = (instructionId, ackJson) -> {};

    void accepted(String instructionId, String ackJson);
}
