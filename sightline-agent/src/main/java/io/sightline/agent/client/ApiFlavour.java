package io.sightline.agent.client;

import io.sightline.core.wire.Feature;
import java.util.Locale;
import java.util.Optional;

/**
 * How the agent delivers: Sightline's batched {@code POST /api/v1/ingest}, or SmartEM's per-entity
 * endpoints (one request per entity, for a SmartEM backend). {@link #AUTO} asks {@code /status}.
 */
public enum ApiFlavour {
    AUTO,
    SIGHTLINE,
    SMARTEM;

    /**
     * What {@link #AUTO} becomes for a {@code /status} answer: {@link #SIGHTLINE} when it advertises
     * {@link Feature#INGEST_V1}, {@link #SMARTEM} for any other successful answer; empty when the server
     * did not answer properly (ask again later).
     */
    public static Optional<ApiFlavour> fromStatus(BackendClient.Answer status) {
        if (!status.ok()) {
            return Optional.empty();
        }
        var features = status.json().path("features");
        // an object of flags (SmartEM's shape, Sightline now); a list of names from older Sightline servers
        if (features.path(Feature.INGEST_V1.wireName()).asBoolean(false)) {
            return Optional.of(SIGHTLINE);
        }
        for (var feature : features) {
            if (features.isArray() && Feature.INGEST_V1.wireName().equals(feature.asText())) {
                return Optional.of(SIGHTLINE);
            }
        }
        return Optional.of(SMARTEM);
    }

    /** Parses {@code auto}, {@code sightline} or {@code smartem} (any case). */
    public static ApiFlavour parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the API flavour must be auto, sightline or smartem, got '" + value + "'");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
