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
            float[] finite = new float[values.length];
            int n = 0;
            for (float v : values) {
                if (Float.isFinite(v)) {
                    finite[n++] = v;
                }
            }
            if (n == 0) {
                return new Window(0, 0);
            }
            // Two order statistics by selection: exact, like a sort, in linear time (a sort of a thumbnail's
            // few hundred thousand values was a third of a render's CPU)
            int lowRank = rank(low, n);
            int highRank = rank(high, n);
            float lowValue = select(finite, 0, n, lowRank);
            // everything from lowRank on is now >= the low value: the high one is among them
            float highValue = select(finite, lowRank, n, highRank);
            return new Window(lowValue, highValue);
        }

        /**
         * The value that would sit at {@code k} if {@code values[from, to)} were sorted; reorders that range.
         * Random pivots keep it linear in expectation whatever the file's values (a crafted file cannot make
         * it quadratic).
         */
        static float select(float[] values, int from, int to, int k) {
            java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
            int lo = from;
            int hi = to - 1;
            while (lo < hi) {
                float pivot = values[lo + random.nextInt(hi - lo + 1)];
                // three-way partition: [lo, lt) < pivot, [lt, gt] == pivot, (gt, hi] > pivot
                int lt = lo;
                int gt = hi;
                int i = lo;
                while (i <= gt) {
                    float v = values[i];
                    if (v < pivot) {
                        values[i++] = values[lt];
                        values[lt++] = v;
                    } else if (v > pivot) {
                        values[i] = values[gt];
                        values[gt--] = v;
                    } else {
                        i++;
                    }
                }
                if (k < lt) {
                    hi = lt - 1;
                } else if (k > gt) {
                    lo = gt + 1;
                } else {
                    return pivot;
                }
            }
            return values[k];
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
