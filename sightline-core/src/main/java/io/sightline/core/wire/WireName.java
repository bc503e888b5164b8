package io.sightline.core.wire;

import java.util.Optional;

/** A value of a closed set as it is written on the wire ({@code processed}, {@code high}, ...). */
public interface WireName {
    String wireName();

    /** The constant of {@code type} written {@code wire} (exactly), if there is one. */
    static <E extends Enum<E> & WireName> Optional<E> find(Class<E> type, String wire) {
        for (E value : type.getEnumConstants()) {
            if (value.wireName().equals(wire)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
