package io.sightline.core.wire;

import java.util.Locale;
import java.util.Optional;

/**
 * How urgent an instruction is. Delivery compares the {@link #rank()} (high first), never the text:
 * SmartEM sorts the strings, which puts {@code "normal"} before {@code "low"} before... nothing sensible.
 */
public enum Priority implements WireName {
    HIGH,
    NORMAL,
    LOW;

    /** The stored, orderable form: 0 high, 1 normal, 2 low. */
    public int rank() {
        return ordinal();
    }

    public static Priority ofRank(int rank) {
        return values()[rank];
    }

    /** The wire name: {@code high}, {@code normal}, {@code low}. */
    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Priority> parse(String wire) {
        return WireName.find(Priority.class, wire);
    }
}
