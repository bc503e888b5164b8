package io.sightline.agent.steer;

import java.util.Locale;

/** The four acknowledgement statuses of {@code AgentInstructionAcknowledgement}. */
public enum AckStatus {
    RECEIVED,
    PROCESSED,
    FAILED,
    DECLINED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != RECEIVED;
    }
}
