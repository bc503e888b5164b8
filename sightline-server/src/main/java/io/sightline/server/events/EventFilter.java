package io.sightline.server.events;

import java.util.Collection;
import java.util.Set;

/**
 * Which events a stream client or a log query wants. Null/empty parts match everything.
 *
 * @param acquisitionUuid only events of this acquisition (global events, with no acquisition, are excluded)
 * @param types only events of these types; empty for all types
 */
public record EventFilter(String acquisitionUuid, Set<String> types) {

    public static final EventFilter ALL = new EventFilter(null, Set.of());

    public EventFilter {
        acquisitionUuid = acquisitionUuid == null || acquisitionUuid.isBlank() ? null : acquisitionUuid.strip();
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** Parses a comma-separated type list such as {@code acquisition.created,gridsquare.updated}. */
    public static EventFilter of(String acquisitionUuid, String commaSeparatedTypes) {
        return new EventFilter(acquisitionUuid, parseTypes(commaSeparatedTypes));
    }

    public static Set<String> parseTypes(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    public static EventFilter types(Collection<String> types) {
        return new EventFilter(null, Set.copyOf(types));
    }

    public boolean matches(Event event) {
        if (acquisitionUuid != null && !acquisitionUuid.equals(event.acquisitionUuid())) {
            return false;
        }
        return types.isEmpty() || types.contains(event.type());
    }
}
