package io.sightline.server.steering;

import java.util.Locale;

/** Where an instruction is in its lifecycle (docs/steering.md, "Instruction lifecycle"). */
public enum InstructionStatus {
    PENDING,
    SENT,
    RECEIVED,
    ACKNOWLEDGED,
    EXPIRED;

    /** Statuses that are (re)sent on every new connection of the session, as SQL. */
    static final String NON_FINAL_SQL = "('pending','sent','received')";

    public boolean isFinal() {
        return this == ACKNOWLEDGED || this == EXPIRED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstructionStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
