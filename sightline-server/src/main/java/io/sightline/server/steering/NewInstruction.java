package io.sightline.server.steering;

import io.sightline.core.wire.Priority;
import java.time.Duration;
import java.time.Instant;

/**
 * A validated request to create an instruction.
 *
 * @param instructionId the sender's id (makes the request repeatable), or null for a new uuid
 * @param payloadJson a JSON object, as text
 * @param expiresAt absolute expiry, or null
 * @param timeToLive relative expiry, or null; at most one of the two is given
 */
public record NewInstruction(
        String instructionId,
        String instructionType,
        String payloadJson,
        Priority priority,
        Long sequenceNumber,
        Instant expiresAt,
        Duration timeToLive,
        int maxRetries) {

    public static final int DEFAULT_MAX_RETRIES = 3;
}
