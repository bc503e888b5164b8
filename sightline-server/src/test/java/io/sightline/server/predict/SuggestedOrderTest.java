package io.sightline.server.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.predict.SuggestedOrder.Scored;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The prediction family's arithmetic against hand-worked examples, and its invariants for any input. */
class SuggestedOrderTest {

    /**
     * Worked by hand. Scores 2v − 1: A = 0.8, 0.6, −0.2 (positive sum 1.4), B = 0.4, 0.0 (0.4), C = −0.4.
     * A vs B: both small, so all usable holes count: (2, 2), A gives a1, a2. Re-ranked: B (0.4),
     * A (−0.2, nothing positive left), C. B vs A: (2, 0), B gives b1, b2. A vs C: neither has a usable
     * hole, (1, 1), A gives a3; C alone gives c1.
     */
    @Test
    void holesAreOrderedSquareBySquareAsWorkedByHand() {
        Map<String, List<Scored>> squares = new LinkedHashMap<>();
        squares.put("C", List.of(new Scored("c1", 0.3)));
        squares.put("B", List.of(new Scored("b2", 0.5), new Scored("b1", 0.7)));
        squares.put("A", List.of(new Scored("a3", 0.4), new Scored("a1", 0.9), new Scored("a2", 0.8)));

        assertThat(SuggestedOrder.holeOrder(squares)).containsExactly("a1", "a2", "b1", "b2", "a3", "c1");
    }

    /**
     * Worked by hand: a square of 3 excellent holes (scores 1) against one of 12 fair ones (0.2 each).
     * Expectation int(3 + 2.4) = 5; the search starts with the large square's best 5 (skipping 7,
     * total 1.0), skips one more each step and, past 10 skipped, adds the small square's holes: the
     * best is all 3 of them and none of the large square (total 3.0).
     */
    @Test
    void aBigFairSquareGivesWayToASmallExcellentOne() {
        double[] excellent = {1, 1, 1};
        double[] fair = new double[12];
        java.util.Arrays.fill(fair, 0.2);

        assertThat(SuggestedOrder.fromTwoSquares(excellent, fair)).containsExactly(3, 0);
        assertThat(SuggestedOrder.fromTwoSquares(fair, excellent)).containsExactly(0, 3);
    }

    @Test
    void twoSmallSquaresGiveAllTheirUsableHoles() {
        assertThat(SuggestedOrder.fromTwoSquares(new double[] {0.8, 0.6, -0.2}, new double[] {0.4, 0.0}))
                .containsExactly(2, 2);
        assertThat(SuggestedOrder.fromTwoSquares(new double[] {-0.2}, new double[] {-0.4, -0.5}))
                .as("no usable hole: both whole")
                .containsExactly(1, 2);
    }

    @Test
    void theOverallValueIsTheGeometricMeanOfTheMetricsWeightedSums() {
        // two models weighing 0.75 and 0.25: metric 1 predictions 0.8 and 0.4, metric 2 0.2 and 0.6
        double m1 = 0.75 * 0.8 + 0.25 * 0.4; // 0.7
        double m2 = 0.75 * 0.2 + 0.25 * 0.6; // 0.3
        assertThat(SuggestedOrder.overall(List.of(m1, m2))).isCloseTo(Math.sqrt(0.21), within());
        assertThat(SuggestedOrder.overall(List.of(0.42))).isCloseTo(0.42, within());
        assertThat(SuggestedOrder.overall(List.of())).isZero();
    }

    /** Squares by value × width², better half, at most 2 per cluster, narrow ones and those without a cluster never. */
    @Test
    void suggestedSquaresAreTheBetterHalfAtMostTwoPerCluster() {
        record Sq(String id, double value, Long width, Long cluster) {}
        List<Sq> squares = List.of(
                new Sq("s1", 0.9, 100L, 1L), // 9000
                new Sq("s2", 0.8, 100L, 1L), // 8000
                new Sq("s3", 0.7, 100L, 1L), // 7000: a third from cluster 1
                new Sq("s4", 0.2, 200L, 2L), // 8000
                new Sq("s5", 1.0, 50L, 2L), // narrower than 60: 0
                new Sq("s6", 0.6, 100L, null), // 6000, no cluster
                new Sq("s7", 0.1, 100L, 3L), // 1000
                new Sq("s8", 0.1, 10L, 3L),
                new Sq("s9", 0.1, null, 3L),
                new Sq("s10", 0.1, 70L, 3L));
        List<Sq> chosen = SuggestedOrder.suggestedSquares(squares, Sq::value, Sq::width, Sq::cluster);
        // ranked s1 9000, s2 8000, s4 8000, s3 7000, s6 6000 | s7 1000, s10 490, ...: the first five are considered
        assertThat(chosen.stream().map(Sq::id)).containsExactly("s1", "s2", "s4");
    }

    @Test
    void suggestedHolesAreTheBetterHalfAtMostFourPerCluster() {
        List<Scored> holes = new ArrayList<>();
        Map<String, Long> cluster = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            String id = "h" + i;
            holes.add(new Scored(id, 1 - i / 100.0));
            cluster.put(id, i < 6 ? 0L : 1L);
        }
        cluster.remove("h1");
        List<Scored> chosen = SuggestedOrder.suggestedHoles(holes, Scored::value, h -> cluster.get(h.id()));
        // best six considered: h0, h2, h3, h4 from cluster 0 (h1 has none), h5 is a fifth
        assertThat(chosen.stream().map(Scored::id)).containsExactly("h0", "h2", "h3", "h4");
    }

    /**
     * 60 random grids (1–6 squares of 1–30 holes) with the order SmartEM's backend computes for them
     * (smartem-decisions 22cd745, by make-reference-orders.py beside the fixture): the same order, hole
     * for hole.
     */
    @Test
    void theOrderIsTheReferenceImplementationsOnRandomGrids() throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode cases;
        try (var in = getClass().getResourceAsStream("/predict/reference-hole-orders.json")) {
            cases = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        assertThat(cases).hasSize(60);
        for (var c : cases) {
            Map<String, List<Scored>> squares = new LinkedHashMap<>();
            c.get("squares").properties().forEach(square -> {
                List<Scored> holes = new ArrayList<>();
                square.getValue()
                        .forEach(h ->
                                holes.add(new Scored(h.get(0).asText(), h.get(1).asDouble())));
                squares.put(square.getKey(), holes);
            });
            List<String> expected = new ArrayList<>();
            c.get("order").forEach(h -> expected.add(h.asText()));

            assertThat(SuggestedOrder.holeOrder(squares))
                    .as(c.get("squares").toString())
                    .isEqualTo(expected);
        }
    }

    // ------------------------------------------------------------------------------------- properties

    @Property(tries = 300)
    void theOrderHoldsEveryHoleOnceAndEachSquaresHolesBestFirst(
            @ForAll @Size(max = 6) List<@Size(max = 25) List<@DoubleRange(min = 0, max = 1) Double>> values) {
        Map<String, List<Scored>> squares = new LinkedHashMap<>();
        Map<String, Double> valueOf = new HashMap<>();
        Map<String, String> squareOf = new HashMap<>();
        for (int s = 0; s < values.size(); s++) {
            List<Scored> holes = new ArrayList<>();
            for (int h = 0; h < values.get(s).size(); h++) {
                String id = "s" + s + "h" + h;
                holes.add(new Scored(id, values.get(s).get(h)));
                valueOf.put(id, values.get(s).get(h));
                squareOf.put(id, "s" + s);
            }
            squares.put("s" + s, holes);
        }

        List<String> order = SuggestedOrder.holeOrder(squares);

        assertThat(order).containsExactlyInAnyOrderElementsOf(valueOf.keySet());
        Map<String, Double> lastOfSquare = new HashMap<>();
        for (String hole : order) {
            Double last = lastOfSquare.put(squareOf.get(hole), valueOf.get(hole));
            if (last != null) {
                assertThat(valueOf.get(hole)).as(hole).isLessThanOrEqualTo(last);
            }
        }
    }

    @Property(tries = 500)
    void twoSquaresAlwaysGiveSomethingAndNeverMoreThanTheyHave(
            @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = -1, max = 1) Double> a,
            @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = -1, max = 1) Double> b) {
        double[] first = sortedDescending(a);
        double[] second = sortedDescending(b);

        int[] counts = SuggestedOrder.fromTwoSquares(first, second);

        assertThat(counts[0]).isBetween(0, first.length);
        assertThat(counts[1]).isBetween(0, second.length);
        assertThat(counts[0] + counts[1]).isPositive();
    }

    @Property(tries = 300)
    void suggestionsAreFromTheBetterHalfAndRespectTheClusterCap(
            @ForAll @Size(max = 40) List<@DoubleRange(min = 0, max = 1) Double> values,
            @ForAll @IntRange(min = 1, max = 4) int clusters) {
        List<Scored> holes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            holes.add(new Scored("h" + i, values.get(i)));
        }
        List<Scored> chosen =
                SuggestedOrder.suggestedHoles(holes, Scored::value, h -> (long) (h.id().hashCode() % clusters));

        assertThat(chosen.size()).isLessThanOrEqualTo(values.size() / 2);
        Map<Long, Integer> perCluster = new HashMap<>();
        chosen.forEach(h -> perCluster.merge((long) (h.id().hashCode() % clusters), 1, Integer::sum));
        assertThat(perCluster.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(4));
        // nothing better than a chosen hole is left out unless its cluster is full
        double worstChosen = chosen.stream().mapToDouble(Scored::value).min().orElse(Double.NaN);
        List<Double> sorted =
                values.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        if (!chosen.isEmpty()) {
            assertThat(worstChosen).isGreaterThanOrEqualTo(sorted.get(values.size() / 2 - 1));
        }
    }

    private static double[] sortedDescending(List<Double> values) {
        return values.stream()
                .sorted(java.util.Comparator.reverseOrder())
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
