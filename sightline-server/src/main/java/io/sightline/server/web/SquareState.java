package io.sightline.server.web;

import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityStore;
import java.time.Instant;
import java.util.Locale;

/**
 * The state a grid square is drawn in on the atlas (legend order). EPU writes no single field for it,
 * so it is decided here from what the server holds: unusable (flagged, or skipped) first; then a square
 * with micrographs is acquired, unless it is where the newest micrograph of the acquisition came from
 * (EPU is still on it: in progress); a square with foil holes but no micrograph yet is being targeted
 * (in progress); anything else is not visited.
 */
enum SquareState {
    NOT_VISITED,
    IN_PROGRESS,
    ACQUIRED,
    UNUSABLE;

    String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String label() {
        return switch (this) {
            case NOT_VISITED -> "not visited";
            case IN_PROGRESS -> "in progress";
            case ACQUIRED -> "acquired";
            case UNUSABLE -> "unusable / skipped";
        };
    }

    /**
     * @param lastMicrograph this square's newest micrograph time, or null
     * @param newestInAcquisition the acquisition's newest micrograph time, or null
     */
    static SquareState of(
            boolean unusable, long holes, long micrographs, Instant lastMicrograph, Instant newestInAcquisition) {
        if (unusable) {
            return UNUSABLE;
        }
        if (micrographs > 0) {
            return lastMicrograph != null && lastMicrograph.equals(newestInAcquisition) ? IN_PROGRESS : ACQUIRED;
        }
        return holes > 0 ? IN_PROGRESS : NOT_VISITED;
    }

    /**
     * The state of one square from its entity and figures (null when it has no foil holes yet), given
     * the acquisition's newest micrograph time.
     */
    static SquareState of(Entity square, EntityStore.SquareFigures figures, Instant newestInAcquisition) {
        return of(
                Boolean.TRUE.equals(square.get("unusable")),
                figures == null ? 0 : figures.holes(),
                figures == null ? 0 : figures.micrographs(),
                figures == null ? null : figures.lastMicrograph(),
                newestInAcquisition);
    }
}
