package io.sightline.core.relion;

import java.util.Objects;

/**
 * An edge of a scheme from one node (job or operator) to the next; a fork goes to {@code outputIfTrue} when
 * {@code booleanVariable} is true. The last two are null where the file says {@code undefined}.
 */
public record SchemeEdge(String input, String output, boolean fork, String outputIfTrue, String booleanVariable) {
    public SchemeEdge {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** A plain edge: no fork. */
    public static SchemeEdge of(String input, String output) {
        return new SchemeEdge(input, output, false, null, null);
    }
}
