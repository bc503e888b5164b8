package io.sightline.core.star;

import java.util.Objects;

/**
 * The end of a STAR file.
 *
 * @param trailer the blank lines and comments after the last element, exactly as read ("" when none)
 */
public record StarEnd(String trailer) implements StarEvent {
    public StarEnd {
        Objects.requireNonNull(trailer, "trailer");
    }
}
