package io.sightline.server.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.server.predict.Predictions.LatentPoint;
import io.sightline.server.predict.Predictions.Metrics;
import io.sightline.server.predict.Predictions.Model;
import io.sightline.server.predict.Predictions.Overall;
import io.sightline.server.predict.Predictions.Prediction;
import io.sightline.server.predict.Predictions.Weight;

/** The prediction family's records in the contract's shapes (field names as SmartEM's pydantic models). */
final class PredictionJson {
    private PredictionJson() {}

    /** QualityPredictionModelResponse. */
    static ObjectNode model(ObjectMapper mapper, Model m) {
        return mapper.createObjectNode()
                .put("name", m.name())
                .put("description", m.description())
                .put("can_train", m.canTrain())
                .put("can_infer", m.canInfer())
                .put("can_update", m.canUpdate());
    }

    /** QualityPredictionResponse, and QualityPrediction (which adds metric_name). */
    static ObjectNode prediction(ObjectMapper mapper, Prediction p) {
        return mapper.createObjectNode()
                .put("id", p.id())
                .put("prediction_model_name", p.modelName())
                .put("metric_name", p.metricName())
                .put("gridsquare_uuid", p.gridsquareUuid())
                .put("foilhole_uuid", p.foilholeUuid())
                .put("value", p.value())
                .put("timestamp", p.timestamp().toString());
    }

    /** QualityPredictionModelWeight. */
    static ObjectNode weight(ObjectMapper mapper, Weight w) {
        ObjectNode node = mapper.createObjectNode()
                .put("id", w.id())
                .put("grid_uuid", w.gridUuid())
                .put("prediction_model_name", w.modelName())
                .put("metric_name", w.metricName())
                .put("micrograph_uuid", w.micrographUuid())
                .put("micrograph_quality", w.micrographQuality())
                .put("prediction_value", w.predictionValue())
                .put("quality_score", w.qualityScore())
                .put("weight", w.weight());
        return node.put("timestamp", w.timestamp().toString());
    }

    /** LatentRepresentationResponse: SmartEM answers "" for the id a point does not have. */
    static ObjectNode latent(ObjectMapper mapper, LatentPoint p) {
        return mapper.createObjectNode()
                .put("gridsquare_uuid", p.foilholeUuid() == null ? p.gridsquareUuid() : "")
                .put("foilhole_uuid", p.foilholeUuid() == null ? "" : p.foilholeUuid())
                .put("x", p.x())
                .put("y", p.y())
                .put("index", p.index());
    }

    /** QualityMetricsResponse. */
    static ObjectNode metrics(ObjectMapper mapper, Metrics m) {
        return mapper.createObjectNode()
                .put("total_predictions", m.totalPredictions())
                .put("average_quality", m.average())
                .put("min_quality", m.min())
                .put("max_quality", m.max())
                .put("models_count", m.modelsCount());
    }

    /** OverallQualityPrediction (computed, so it has no row id). */
    static ObjectNode overall(ObjectMapper mapper, Overall o) {
        ObjectNode node = mapper.createObjectNode();
        node.putNull("id");
        return node.put("grid_uuid", o.gridUuid())
                .put("gridsquare_uuid", o.gridsquareUuid())
                .put("foilhole_uuid", o.foilholeUuid())
                .put("value", o.value())
                .put("suggested_acquisition_index", o.suggestedIndex());
    }
}
