package io.sightline.core.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * What an agent says about an instruction ({@code AgentInstructionAcknowledgement.status}): it has it
 * ({@code received}), or how handling ended.
 */
public enum AckStatus implements WireName {
    RECEIVED,
    PROCESSED,
    FAILED,
    DECLINED;

    public boolean isFinal() {
        return this != RECEIVED;
    }

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AckStatus> parse(String wire) {
        return WireName.find(AckStatus.class, wire);
    }
}
