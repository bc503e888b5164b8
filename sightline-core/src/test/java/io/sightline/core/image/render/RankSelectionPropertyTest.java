package io.sightline.core.image.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Ranks from histograms of the values' bits are exactly the values a sort puts at those ranks. */
class RankSelectionPropertyTest {

    @Property
    void selectionFindsWhatASortPutsAtTheRank(
            @ForAll @Size(min = 1, max = 300) float @FloatRange(min = -5, max = 5) [] values,
            @ForAll @IntRange(min = 0, max = 1000) int at,
            @ForAll @IntRange(min = 0, max = 1000) int other) {
        checkAgainstASort(values, at % values.length, other % values.length);
    }

    @Property
    void anyFiniteValuesIncludingSignedZerosSubnormalsAndExtremesRankAsSorted(
            @ForAll @Size(min = 1, max = 300) float[] drawn, @ForAll @IntRange(min = 0, max = 1000) int at) {
        float[] values = Arrays.copyOf(drawn, drawn.length + 6);
        float[] special = {-0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(special, 0, values, drawn.length, special.length);
        for (int i = 0; i < values.length; i++) {
            if (Float.isNaN(values[i])) {
                values[i] = 1f; // NaN has no rank: callers leave it out
            }
        }
        checkAgainstASort(values, at % values.length, values.length - 1 - at % values.length);
    }

    @Property
    void valuesSharingTheirTop16BitsAreToldApartByTheirLowBits(
            @ForAll @Size(min = 1, max = 300) short[] lowBits, @ForAll @IntRange(min = 0, max = 1000) int at) {
        float[] values = new float[lowBits.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(0x3F80_0000 | (lowBits[i] & 0xFFFF)); // 1.0 and its neighbours
        }
        checkAgainstASort(values, at % values.length, 0);
    }

    @org.junit.jupiter.api.Test
    void theWindowLeavesOutNanAndInfinitiesAndLeavesThePlaneAsItWas() {
        float[] values = {Float.NaN, 3, Float.POSITIVE_INFINITY, 1, Float.NEGATIVE_INFINITY, 2};
        float[] before = values.clone();

        Window window = new Contrast.Percentiles(0, 100).window(values);

        assertThat(window).isEqualTo(new Window(1, 3));
        assertThat(values).isEqualTo(before);
    }

    private static void checkAgainstASort(float[] values, int k, int j) {
        float[] before = values.clone();
        float[] sorted = values.clone();
        Arrays.sort(sorted);

        float[] selected = RankSelection.select(values, values.length, k, j);

        assertThat(Float.floatToRawIntBits(selected[0])).isEqualTo(Float.floatToRawIntBits(sorted[k]));
        assertThat(Float.floatToRawIntBits(selected[1])).isEqualTo(Float.floatToRawIntBits(sorted[j]));
        assertThat(values).as("the values are left as they were").isEqualTo(before);
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
