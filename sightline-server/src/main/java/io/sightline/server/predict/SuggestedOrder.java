package io.sightline.server.predict;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The arithmetic of SmartEM's prediction family, free of storage and HTTP, as its backend documents and
 * computes it (smartem_backend/predictions and the suggested-collection routes of api_server.py):
 *
 * <ul>
 *   <li>{@link #overall}: a hole's overall quality: for each quality metric, the weighted sum of the
 *       models' predictions (0.5 for a model without one), then the geometric mean over the metrics;
 *   <li>{@link #holeOrder}: the suggested acquisition order of a grid's holes, square by square, chosen
 *       by comparing the two most promising squares at a time ({@link #fromTwoSquares});
 *   <li>{@link #suggestedSquares} and {@link #suggestedHoles}: the better half of the squares (holes),
 *       at most 2 (4) from one cluster of a latent representation.
 * </ul>
 *
 * Where this differs from the reference (ties broken by id rather than database order, entities
 * without a cluster) is listed in docs/compatibility.md.
 */
public final class SuggestedOrder {
    /** What a model without a prediction for a hole counts as: undecided. */
    public static final double MISSING_PREDICTION = 0.5;

    /** Holes the first square may give up (or that the second is owed) before the comparison is made. */
    private static final int PENALTY = 10;

    /** A square with at most this many usable holes is taken whole, never partly. */
    private static final int SMALL_SQUARE = 10;

    /** Squares narrower than this (pixels) are never suggested: too small to be worth the stage move. */
    static final long MIN_SQUARE_WIDTH = 60;

    static final int SQUARES_PER_CLUSTER = 2;
    static final int HOLES_PER_CLUSTER = 4;

    private SuggestedOrder() {}

    /** One hole's overall value. */
    public record Scored(String id, double value) {
        public Scored {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The overall quality of one hole.
     *
     * @param weightedSums for each metric, the models' {@code weight × prediction} summed (a model
     *     without a prediction contributing {@code weight × 0.5})
     * @return the geometric mean of the sums; 0 when there are none
     */
    public static double overall(List<Double> weightedSums) {
        if (weightedSums.isEmpty()) {
            return 0;
        }
        double product = 1;
        for (double s : weightedSums) {
            product *= s;
        }
        return Math.pow(product, 1.0 / weightedSums.size());
    }

    /**
     * The suggested acquisition order of the holes of a grid.
     *
     * <p>Each square's holes are taken best first. Scores become {@code 2v − 1} (a hole worse than even
     * is negative); the squares are ranked by the sum of their positive scores (by the sum of all when
     * none is positive), ties by square id. The first two squares are compared with
     * {@link #fromTwoSquares}: the one owed more holes gives them; the ranking is then made again on
     * what is left. A last square gives all it has left.
     *
     * @param squares square id → its holes and their overall values (any order)
     * @return every hole id once, in the suggested order
     */
    public static List<String> holeOrder(Map<String, List<Scored>> squares) {
        List<Square> left = new ArrayList<>();
        squares.forEach((id, holes) -> {
            if (!holes.isEmpty()) {
                left.add(Square.of(id, holes));
            }
        });
        List<String> order = new ArrayList<>();
        rank(left);
        while (!left.isEmpty()) {
            if (left.size() == 1) {
                order.addAll(left.removeFirst().takeAll());
                break;
            }
            int[] counts = fromTwoSquares(left.get(0).scores(), left.get(1).scores());
            // the larger share is taken; on a tie, the better-ranked square gives
            int from = counts[0] >= counts[1] ? 0 : 1;
            Square square = left.get(from);
            // never nothing: the reference would loop for ever on a (0, 0) answer (which its search cannot give)
            order.addAll(square.take(Math.max(1, counts[from])));
            if (square.isEmpty()) {
                left.remove(from);
            }
            rank(left);
        }
        return order;
    }

    /**
     * How many holes to take from each of two squares (remaining scores, best first, each in −1..1) so
     * that the expected number of good holes is reached with the fewest wasted on bad ones.
     *
     * <p>Only holes scoring at least 0 count. The expectation is the sum of their scores, truncated (at
     * least 1). Starting from the larger square alone, the search skips its worst holes one by one and,
     * once more than {@value #PENALTY} are skipped, adds the smaller square's best holes one by one
     * (a move between squares costs about that many holes); it keeps the split with the largest summed
     * score (the first such). A square of at most {@value #SMALL_SQUARE} usable holes is taken whole.
     * When neither square has a usable hole, both are taken whole.
     *
     * @return {count from the first, count from the second}
     */
    static int[] fromTwoSquares(double[] first, double[] second) {
        double[] firstUsable = usable(first);
        double[] secondUsable = usable(second);
        if (firstUsable.length + secondUsable.length == 0) {
            return new int[] {first.length, second.length};
        }
        int expectation = (int) (sum(firstUsable, firstUsable.length) + sum(secondUsable, secondUsable.length));
        if (expectation == 0) {
            expectation = 1;
        }
        boolean firstIsLarger = firstUsable.length >= secondUsable.length;
        double[] larger = firstIsLarger ? firstUsable : secondUsable;
        double[] smaller = firstIsLarger ? secondUsable : firstUsable;

        // sums of the first k scores, so that each step of the search costs O(1)
        double[] largerSums = prefixSums(larger);
        double[] smallerSums = prefixSums(smaller);
        int fromSmaller = larger.length > expectation - PENALTY ? 0 : expectation - PENALTY - larger.length;
        int skipped = larger.length <= expectation ? 0 : larger.length - expectation;
        double best = Double.NEGATIVE_INFINITY;
        int bestSkipped = 0;
        int bestFromSmaller = 0;
        double previous = Double.NaN;
        int tried = 0;
        for (int step = 0; step <= larger.length + smaller.length; step++) {
            if (fromSmaller > expectation || fromSmaller > smaller.length) {
                break;
            }
            double total = largerSums[larger.length - skipped] + smallerSums[fromSmaller];
            if (total > best) {
                best = total;
                bestSkipped = skipped;
                bestFromSmaller = fromSmaller;
            }
            tried++;
            if (skipped < larger.length) {
                skipped++;
            }
            if (skipped > PENALTY) {
                fromSmaller++;
            }
            // the larger square is used up and the total began to fall: it only falls further
            if (tried > 1 && skipped == larger.length && total < previous) {
                break;
            }
            previous = total;
        }
        if (larger.length <= SMALL_SQUARE) {
            bestSkipped = 0;
        }
        if (smaller.length <= SMALL_SQUARE) {
            bestFromSmaller = smaller.length;
        }
        int fromLarger = larger.length - bestSkipped;
        return firstIsLarger ? new int[] {fromLarger, bestFromSmaller} : new int[] {bestFromSmaller, fromLarger};
    }

    /**
     * The squares to collect next: those with a prediction from the chosen model, ranked by
     * {@code value × width²} (0 for squares narrower than {@value #MIN_SQUARE_WIDTH} pixels or of unknown
     * width), of which the better half is considered, at most {@value #SQUARES_PER_CLUSTER} from one
     * cluster; a square without a cluster index is not suggested.
     */
    public static <T> List<T> suggestedSquares(
            List<T> squares, ToDoubleFunction<T> value, Function<T, Long> width, Function<T, Long> cluster) {
        return suggested(
                squares,
                s -> {
                    Long w = width.apply(s);
                    double area = w == null || w < MIN_SQUARE_WIDTH ? 0 : (double) w * w;
                    return value.applyAsDouble(s) * area;
                },
                cluster,
                SQUARES_PER_CLUSTER);
    }

    /**
     * The holes of a square to collect next: those with a prediction from the chosen model, best first,
     * of which the better half is considered, at most {@value #HOLES_PER_CLUSTER} from one cluster; a
     * hole without a cluster index is not suggested.
     */
    public static <T> List<T> suggestedHoles(List<T> holes, ToDoubleFunction<T> value, Function<T, Long> cluster) {
        return suggested(holes, value, cluster, HOLES_PER_CLUSTER);
    }

    private static <T> List<T> suggested(
            List<T> candidates, ToDoubleFunction<T> score, Function<T, Long> cluster, int perCluster) {
        // a stable sort: equal scores keep the caller's order (by id)
        List<T> ranked = new ArrayList<>(candidates);
        ranked.sort(Comparator.comparingDouble(score).reversed());
        Map<Long, Integer> taken = new LinkedHashMap<>();
        List<T> out = new ArrayList<>();
        for (T candidate : ranked.subList(0, ranked.size() / 2)) {
            Long c = cluster.apply(candidate);
            if (c != null && taken.getOrDefault(c, 0) < perCluster) {
                out.add(candidate);
                taken.merge(c, 1, Integer::sum);
            }
        }
        return out;
    }

    /** Ranks squares by the sum of their positive scores (of all, when none is positive), then by id. */
    private static void rank(List<Square> squares) {
        squares.sort(Comparator.comparingDouble(Square::rankScore).reversed().thenComparing(Square::id));
    }

    /** The scores at least 0 (a prefix: scores are sorted best first). */
    private static double[] usable(double[] scores) {
        int n = 0;
        while (n < scores.length && scores[n] >= 0) {
            n++;
        }
        return Arrays.copyOf(scores, n);
    }

    /** {@code out[k]} is the sum of the first {@code k} values, added left to right. */
    private static double[] prefixSums(double[] values) {
        double[] out = new double[values.length + 1];
        for (int i = 0; i < values.length; i++) {
            out[i + 1] = out[i] + values[i];
        }
        return out;
    }

    private static double sum(double[] values, int count) {
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += values[i];
        }
        return s;
    }

    /** A square's holes not yet ordered, best first, with their scores {@code 2v − 1}. */
    private static final class Square {
        private final String id;
        private final List<String> holes;
        private final double[] scores;
        private int next;
        private double rankScore = Double.NaN;

        private Square(String id, List<String> holes, double[] scores) {
            this.id = id;
            this.holes = holes;
            this.scores = scores;
        }

        static Square of(String id, List<Scored> given) {
            List<Scored> sorted = new ArrayList<>(given);
            sorted.sort(Comparator.comparingDouble(Scored::value).reversed().thenComparing(Scored::id));
            double[] scores = new double[sorted.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = 2 * sorted.get(i).value() - 1;
            }
            return new Square(id, sorted.stream().map(Scored::id).toList(), scores);
        }

        String id() {
            return id;
        }

        double[] scores() {
            return Arrays.copyOfRange(scores, next, scores.length);
        }

        /** Computed once per change of the square: ranking asks for it at every comparison. */
        double rankScore() {
            if (Double.isNaN(rankScore)) {
                rankScore = computeRankScore();
            }
            return rankScore;
        }

        private double computeRankScore() {
            double positive = 0;
            double all = 0;
            boolean anyPositive = false;
            for (int i = next; i < scores.length; i++) {
                all += scores[i];
                if (scores[i] > 0) {
                    positive += scores[i];
                    anyPositive = true;
                }
            }
            return anyPositive ? positive : all;
        }

        boolean isEmpty() {
            return next >= holes.size();
        }

        List<String> take(int count) {
            int to = Math.min(holes.size(), next + count);
            List<String> out = holes.subList(next, to);
            next = to;
            rankScore = Double.NaN;
            return out;
        }

        List<String> takeAll() {
            return take(holes.size());
        }
    }
}
