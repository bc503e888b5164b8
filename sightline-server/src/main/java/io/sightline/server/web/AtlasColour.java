package io.sightline.server.web;

import io.sightline.server.http.ApiException;
import java.util.List;
import java.util.Locale;

/**
 * What the atlas colours its squares by ({@code ?colour=} on the acquisition page): a micrograph metric,
 * the mean over the square's micrographs, or a prediction model's newest value for the square (else the
 * mean of its holes' newest). Without one the squares show their state.
 */
sealed interface AtlasColour {
    String PREDICTION = "prediction:";

    /** The {@code ?colour=} value naming this colouring. */
    String key();

    /** What the legend calls it. */
    String label();

    record ByMetric(Metric metric) implements AtlasColour {
        @Override
        public String key() {
            return metric.key;
        }

        @Override
        public String label() {
            return metric.label + ", mean over the square's micrographs";
        }
    }

    record ByPrediction(String model) implements AtlasColour {
        @Override
        public String key() {
            return PREDICTION + model;
        }

        @Override
        public String label() {
            return "Prediction of model " + model;
        }
    }

    /**
     * The colouring {@code key} names; null for the squares' state ({@code state}, {@code acquired} or
     * none); a 422 naming the value otherwise (also for a model that does not exist).
     */
    static AtlasColour parse(String key, List<String> models) {
        if (key == null || key.isBlank() || key.equals("state") || key.equals("acquired")) {
            return null;
        }
        if (key.startsWith(PREDICTION)) {
            String model = key.substring(PREDICTION.length());
            if (!models.contains(model)) {
                throw ApiException.unprocessable("colour: no prediction model named '" + model + "'");
            }
            return new ByPrediction(model);
        }
        String k = key.strip().toLowerCase(Locale.ROOT);
        for (Metric m : Metric.values()) {
            if (m.key.equals(k)) {
                return new ByMetric(m);
            }
        }
        throw ApiException.unprocessable(
                "colour must be state, defocus, ctf, motion, particles or prediction:MODEL," + " not '" + key + "'");
    }
}
