package io.sightline.server.steering;

import java.util.Locale;
import java.util.Optional;

/** What an agent says about an instruction: it has it ({@code received}), or how handling ended. */
public enum AckStatus {
    RECEIVED,
    PROCESSED,
    FAILED,
    DECLINED;

    public boolean isFinal() {
        return this != RECEIVED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AckStatus> parse(String wire) {
        for (AckStatus s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
