package io.sightline.server.predict;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a measured micrograph quality moves the prediction models' weights on a grid, as SmartEM's backend
 * does it ({@code prior_update} in smartem_backend/predictions/update.py): a Bayesian update in which each
 * model's weight is its prior, and the likelihood of the observation is how well its prediction for the
 * micrograph's hole agreed with the quality.
 */
public final class PriorUpdate {
    private PriorUpdate() {}

    /**
     * The new weights.
     *
     * <p>A model with a prediction {@code p} for the hole gets {@code w × (q·p + (1 − q)·(1 − p))}; these
     * are then scaled to sum to what those models weighed together, so that models without a prediction
     * keep their weight and the total stays as it was. When no model has a prediction, or none gives the
     * observation any likelihood, nothing changes (an empty answer).
     *
     * @param weights model → its current weight
     * @param predictions model → its prediction (0..1) for the hole; models without one are absent
     * @param quality the measured quality, 0 (bad) to 1 (good)
     * @return model → its new weight, for the models that had a prediction
     */
    public static Map<String, Double> update(
            Map<String, Double> weights, Map<String, Double> predictions, double quality) {
        Map<String, Double> likely = new LinkedHashMap<>();
        double predictedWeight = 0;
        double posterior = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            Double p = predictions.get(w.getKey());
            if (p == null) {
                continue;
            }
            double u = w.getValue() * (quality * p + (1 - quality) * (1 - p));
            likely.put(w.getKey(), u);
            predictedWeight += w.getValue();
            posterior += u;
        }
        if (likely.isEmpty() || !(posterior > 0)) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double norm = predictedWeight / posterior;
        likely.forEach((model, u) -> out.put(model, u * norm));
        return out;
    }
}
