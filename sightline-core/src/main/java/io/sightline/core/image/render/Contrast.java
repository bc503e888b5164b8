package io.sightline.core.image.render;

/** How values become grey levels: a window whose low end is black and high end white. */
public sealed interface Contrast {

    /** The window for these values (NaN and infinities ignored). */
    Window window(float[] values);

    /** The default: from the low to the high percentile of the values shown, so a few hot pixels do not grey out the rest. */
    static Contrast auto() {
        return new Percentiles(0.5, 99.5);
    }

    /** A window at two percentiles of the values (0 to 100). */
    record Percentiles(double low, double high) implements Contrast {
        public Percentiles {
            if (!(low >= 0 && low < high && high <= 100)) {
                throw new IllegalArgumentException(
                        "percentiles must satisfy 0 <= low < high <= 100, are " + low + " and " + high);
            }
        }

        @Override
        public Window window(float[] values) {
            int n = 0;
            for (float v : values) {
                n += Float.isFinite(v) ? 1 : 0;
            }
            // RankSelection leaves its input as it is: only a plane with NaN or infinities needs a copy without them
            float[] finite = n == values.length ? values : new float[n];
            if (finite != values) {
                int at = 0;
                for (float v : values) {
                    if (Float.isFinite(v)) {
                        finite[at++] = v;
                    }
                }
            }
            if (n == 0) {
                return new Window(0, 0);
            }
            // Two order statistics from histograms of the values' bits: exact, like a sort, in three passes
            // (a selection by partitioning was a third of a thumbnail's CPU; see RankSelection)
            float[] window = RankSelection.select(finite, n, rank(low, n), rank(high, n));
            return new Window(window[0], window[1]);
        }

        private static int rank(double percentile, int n) {
            return (int) Math.round(percentile / 100 * (n - 1));
        }
    }

    /** A window given by its values: {@code min} black, {@code max} white. */
    record Range(double min, double max) implements Contrast {
        public Range {
            if (!(Double.isFinite(min) && Double.isFinite(max) && min < max)) {
                throw new IllegalArgumentException("a contrast range needs finite min < max, is " + min + " to " + max);
            }
        }

        @Override
        public Window window(float[] values) {
            return new Window(min, max);
        }
    }
}
