package io.sightline.server.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The models' weights move with a micrograph's measured quality as SmartEM's prior update moves them. */
class PriorUpdateTest {

    /**
     * Worked by hand: m1 and m2 weigh 0.5 each and predict 0.9 and 0.2; the micrograph is good (1).
     * Likelihoods 0.5 × 0.9 = 0.45 and 0.5 × 0.2 = 0.1, posterior 0.55: 0.45/0.55 and 0.1/0.55.
     */
    @Test
    void aGoodMicrographMovesWeightToTheModelThatPredictedIt() {
        Map<String, Double> updated =
                PriorUpdate.update(Map.of("m1", 0.5, "m2", 0.5), Map.of("m1", 0.9, "m2", 0.2), 1.0);

        assertThat(updated.get("m1")).isCloseTo(0.45 / 0.55, offset(1e-12));
        assertThat(updated.get("m2")).isCloseTo(0.1 / 0.55, offset(1e-12));
    }

    /**
     * Worked by hand: m3 (0.2) has no prediction and keeps its weight; the others share the remaining
     * 0.8. Bad micrograph (0): m1 predicted 0.9 (likelihood 0.5 × 0.1 = 0.05), m2 0.2 (0.3 × 0.8 = 0.24).
     */
    @Test
    void aModelWithoutAPredictionKeepsItsWeightAndTheOthersShareTheRest() {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("m1", 0.5);
        weights.put("m2", 0.3);
        weights.put("m3", 0.2);

        Map<String, Double> updated = PriorUpdate.update(weights, Map.of("m1", 0.9, "m2", 0.2), 0.0);

        assertThat(updated).containsOnlyKeys("m1", "m2");
        assertThat(updated.get("m1")).isCloseTo(0.8 * 0.05 / 0.29, offset(1e-12));
        assertThat(updated.get("m2")).isCloseTo(0.8 * 0.24 / 0.29, offset(1e-12));
    }

    @Test
    void withoutAnyPredictionNothingChanges() {
        assertThat(PriorUpdate.update(Map.of("m1", 1.0), Map.of(), 0.7)).isEmpty();
        assertThat(PriorUpdate.update(Map.of("m1", 1.0), Map.of("m1", 1.0), 0.0))
                .as("no likelihood at all")
                .isEmpty();
    }

    @Property(tries = 500)
    void theTotalIsKeptAndWeightMovesByLikelihood(
            @ForAll @Size(min = 1, max = 6) List<@DoubleRange(min = 0.01, max = 1) Double> raw,
            @ForAll @Size(min = 6, max = 6) List<@DoubleRange(min = 0, max = 1) Double> predictions,
            @ForAll @DoubleRange(min = 0, max = 1) double quality) {
        double total = raw.stream().mapToDouble(Double::doubleValue).sum();
        Map<String, Double> weights = new LinkedHashMap<>();
        Map<String, Double> predicted = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            weights.put("m" + i, raw.get(i) / total);
            if (i % 3 != 2) { // every third model has no prediction
                predicted.put("m" + i, predictions.get(i));
            }
        }

        Map<String, Double> updated = PriorUpdate.update(weights, predicted, quality);

        double sum = 0;
        for (Map.Entry<String, Double> w : weights.entrySet()) {
            sum += updated.getOrDefault(w.getKey(), w.getValue());
        }
        assertThat(sum).isCloseTo(1.0, offset(1e-9));
        // the ratio of two updated weights is the ratio of prior × likelihood
        if (updated.size() >= 2) {
            List<String> models = List.copyOf(updated.keySet());
            String a = models.get(0);
            String b = models.get(1);
            double la = weights.get(a) * (quality * predicted.get(a) + (1 - quality) * (1 - predicted.get(a)));
            double lb = weights.get(b) * (quality * predicted.get(b) + (1 - quality) * (1 - predicted.get(b)));
            assertThat(updated.get(a) * lb).isCloseTo(updated.get(b) * la, offset(1e-9));
        }
    }
}
