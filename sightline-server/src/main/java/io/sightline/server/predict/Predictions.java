package io.sightline.server.predict;

import java.time.Instant;
import java.util.Objects;

/** The records of the prediction family, as stored and answered (docs/predictions.md). */
public final class Predictions {
    private Predictions() {}

    /** A quality prediction model and what it can do. */
    public record Model(String name, String description, boolean canTrain, boolean canInfer, boolean canUpdate) {
        public Model {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
        }
    }

    /** A change to a model: null leaves a field as it is. */
    public record ModelChange(String description, Boolean canTrain, Boolean canInfer, Boolean canUpdate) {
        Model applyTo(Model m) {
            return new Model(
                    m.name(),
                    description == null ? m.description() : description,
                    canTrain == null ? m.canTrain() : canTrain,
                    canInfer == null ? m.canInfer() : canInfer,
                    canUpdate == null ? m.canUpdate() : canUpdate);
        }
    }

    /**
     * A prediction to store: about a square, a hole, or a hole named with its square; the ids may be
     * aliases.
     */
    public record NewPrediction(
            String modelName, String metricName, String gridsquareUuid, String foilholeUuid, double value) {
        public NewPrediction {
            Objects.requireNonNull(modelName, "modelName");
            if (gridsquareUuid == null && foilholeUuid == null) {
                throw new IllegalArgumentException("a prediction is about a square or a hole");
            }
        }
    }

    /** A stored prediction (square and hole ids resolved). */
    public record Prediction(
            long id,
            String modelName,
            String metricName,
            String gridsquareUuid,
            String foilholeUuid,
            double value,
            Instant timestamp) {}

    /** A weight to store for a model on a grid (optionally for one metric and the micrograph that moved it). */
    public record NewWeight(
            String modelName,
            String metricName,
            String micrographUuid,
            Boolean micrographQuality,
            Double predictionValue,
            Double qualityScore,
            double weight) {
        public NewWeight {
            Objects.requireNonNull(modelName, "modelName");
        }
    }

    /** A stored weight. */
    public record Weight(
            long id,
            String gridUuid,
            String modelName,
            String metricName,
            String micrographUuid,
            Boolean micrographQuality,
            Double predictionValue,
            Double qualityScore,
            double weight,
            Instant timestamp) {}

    /**
     * A point of a latent representation: a square's (foilholeUuid null) or a hole's, with its cluster.
     */
    public record LatentPoint(String gridsquareUuid, String foilholeUuid, double x, double y, long index) {}

    /** What {@code /quality_metrics} answers: over every stored prediction. */
    public record Metrics(long totalPredictions, Double average, Double min, Double max, long modelsCount) {}

    /** A hole's overall quality and its place in the grid's suggested acquisition order (1 first). */
    public record Overall(
            String gridUuid, String gridsquareUuid, String foilholeUuid, double value, int suggestedIndex) {}
}
