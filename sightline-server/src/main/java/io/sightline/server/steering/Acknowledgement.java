package io.sightline.server.steering;

import io.sightline.core.wire.AckStatus;

/**
 * An acknowledgement as the agent sent it ({@code AgentInstructionAcknowledgement}).
 *
 * @param clientProcessedAt the agent's {@code processed_at} exactly as written (SmartEM's agent sends naive
 *     local times), or null; the server records its own time as {@code processed_at}
 */
public record Acknowledgement(
        AckStatus status, String result, String errorMessage, Long processingTimeMs, String clientProcessedAt) {

    /** Longest {@code processed_at} text kept (the column's length; a valid time is far shorter). */
    public static final int CLIENT_TIME_LENGTH = 64;

    public Acknowledgement {
        if (clientProcessedAt != null && clientProcessedAt.length() > CLIENT_TIME_LENGTH) {
            throw new IllegalArgumentException("processed_at text longer than " + CLIENT_TIME_LENGTH);
        }
    }

    public static Acknowledgement received() {
        return new Acknowledgement(AckStatus.RECEIVED, null, null, null, null);
    }
}
