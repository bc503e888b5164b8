package io.sightline.core.image.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Percentiles by selection are exactly the values a sort would put at their ranks. */
class PercentileSelectionPropertyTest {

    @Property
    void selectionFindsWhatASortPutsAtTheRank(
            @ForAll @Size(min = 1, max = 300) float @FloatRange(min = -5, max = 5) [] values,
            @ForAll @IntRange(min = 0, max = 1000) int at) {
        int k = at % values.length;
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        // + 0 makes -0.0 and 0.0 one value: they compare equal, and a sort and a selection may order them apart
        assertThat(Contrast.Percentiles.select(values.clone(), 0, values.length, k) + 0f)
                .isEqualTo(sorted[k] + 0f);
    }

    @Property
    void theWindowIsThePercentilesOfTheFiniteValues(
            @ForAll @Size(min = 1, max = 300) float[] values,
            @ForAll @IntRange(min = 0, max = 49) int low,
            @ForAll @IntRange(min = 51, max = 100) int high) {
        float[] finite = new float[values.length];
        int n = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                finite[n++] = v;
            }
        }
        Window window = new Contrast.Percentiles(low, high).window(values.clone());
        if (n == 0) {
            assertThat(window).isEqualTo(new Window(0, 0));
            return;
        }
        float[] sorted = Arrays.copyOf(finite, n);
        Arrays.sort(sorted);
        Window expected = new Window(
                sorted[(int) Math.round(low / 100.0 * (n - 1))], sorted[(int) Math.round(high / 100.0 * (n - 1))]);
        assertThat(window.low() + 0.0).isEqualTo(expected.low() + 0.0);
        assertThat(window.high() + 0.0).isEqualTo(expected.high() + 0.0);
    }
}
