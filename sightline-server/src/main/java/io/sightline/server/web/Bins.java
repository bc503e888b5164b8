package io.sightline.server.web;

import java.util.Collection;

/**
 * Equal-width bins between a minimum and a maximum: the histogram's bars, and the bin each value falls in,
 * so that the map elements can name the bars their micrographs are counted in (linked selection,
 * docs/dashboard.md) without the browser repeating the arithmetic.
 *
 * @param min the lower edge of the first bin
 * @param width each bin's width (1 when every value is the same)
 * @param count how many bins (1 when every value is the same)
 */
record Bins(double min, double width, int count) {
    Bins {
        if (count < 1 || !(width > 0)) {
            throw new IllegalArgumentException("bins need a count of at least 1 and a positive width");
        }
    }

    /** {@code bins} equal bins spanning {@code values}; null when there is no value. */
    static Bins spanning(Collection<Double> values, int bins) {
        if (values.isEmpty()) {
            return null;
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return max > min ? new Bins(min, (max - min) / bins, bins) : new Bins(min, 1, 1);
    }

    /** The bin of {@code v} (the maximum falls in the last bin; values outside are clamped). */
    int index(double v) {
        return Math.max(0, Math.min(count - 1, (int) ((v - min) / width)));
    }

    double lower(int bin) {
        return min + bin * width;
    }

    double upper(int bin) {
        return min + (bin + 1) * width;
    }

    /**
     * The bins {@code indices} fall in, with how many in each, as a map element carries them
     * ({@code data-defocus-bins="3:2 5:1"}, ascending): a filter sums them, a brush tests them.
     */
    static String counts(Iterable<Integer> indices) {
        java.util.TreeMap<Integer, Integer> n = new java.util.TreeMap<>();
        for (int i : indices) {
            n.merge(i, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        n.forEach((bin, count) ->
                out.append(out.isEmpty() ? "" : " ").append(bin).append(':').append(count));
        return out.toString();
    }
}
