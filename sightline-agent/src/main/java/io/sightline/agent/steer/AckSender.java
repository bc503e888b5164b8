package io.sightline.agent.steer;

import java.io.IOException;

/** Posts one acknowledgement body for an instruction of the current session; answers the HTTP status. */
@FunctionalInterface
public interface AckSender {
    int send(String instructionId, String body) throws IOException, InterruptedException;
}
