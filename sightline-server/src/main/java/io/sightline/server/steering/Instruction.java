package io.sightline.server.steering;

import io.sightline.core.wire.AckStatus;
import io.sightline.core.wire.Priority;
import java.time.Instant;

/**
 * One instruction as stored, with its latest acknowledgement.
 *
 * @param payloadJson a JSON object, as text
 * @param sequenceNumber null when the sender gave none (delivered after those with one)
 * @param expiresAt null for never
 * @param ackStatus the latest acknowledgement, or null
 */
public record Instruction(
        String instructionId,
        String sessionId,
        String agentId,
        String instructionType,
        String payloadJson,
        Priority priority,
        Long sequenceNumber,
        InstructionStatus status,
        Instant createdAt,
        Instant sentAt,
        Instant expiresAt,
        int retryCount,
        int maxRetries,
        int deliveryCount,
        AckStatus ackStatus,
        String ackResult,
        String ackErrorMessage,
        Long processingTimeMs,
        Instant processedAt,
        Instant acknowledgedAt,
        String clientProcessedAt) {}
