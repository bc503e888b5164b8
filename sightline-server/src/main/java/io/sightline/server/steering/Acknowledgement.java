package io.sightline.server.steering;

import io.sightline.core.wire.AckStatus;
import java.time.Instant;

/** An acknowledgement as the agent sent it ({@code AgentInstructionAcknowledgement}). */
public record Acknowledgement(
        AckStatus status, String result, String errorMessage, Long processingTimeMs, Instant processedAt) {

    public static Acknowledgement received() {
        return new Acknowledgement(AckStatus.RECEIVED, null, null, null, null);
    }
}
