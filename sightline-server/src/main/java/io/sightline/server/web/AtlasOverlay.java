package io.sightline.server.web;

import io.sightline.server.persistence.Entity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the atlas draws on each square beside its state: the value it is coloured by (when a colouring is
 * chosen) on one scale, and the defocus-histogram and timeline bars its micrographs are counted in, so that
 * brushing the histogram highlights squares and selecting squares filters the charts in the browser
 * (docs/dashboard.md, "Linked selection").
 *
 * @param colour the colouring, or null for the squares' state
 * @param values each square's value (squares without one are absent)
 * @param scale the scale over the values, or null without values
 * @param defocusBins each square's defocus bins with counts ({@link Bins#counts}); absent without any
 * @param hourBins each square's timeline bars (hours from the first) with counts; absent without any
 */
record AtlasOverlay(
        AtlasColour colour,
        Map<String, Double> values,
        ColourScale scale,
        Map<String, String> defocusBins,
        Map<String, String> ctfBins,
        Map<String, String> motionBins,
        Map<String, String> hourBins) {

    /**
     * The bins of the acquisition page's histograms (each null without a value): defocus (µm), CTF max
     * resolution and total motion (Å), as {@link Pages#charts} draws them.
     */
    record ChartBins(Bins defocus, Bins ctf, Bins motion) {}

    /** Plain squares: no colour, no bins for linked selection (the printed report). */
    static AtlasOverlay none() {
        return new AtlasOverlay(null, Map.of(), null, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * @param bySquare each square's micrographs
     * @param predicted each square's predicted value, used when {@code colour} is a prediction
     * @param bins the histograms' bins
     * @param firstHour the timeline's first hour, or null without times
     */
    static AtlasOverlay of(
            AtlasColour colour,
            Map<String, List<Entity>> bySquare,
            Map<String, Double> predicted,
            ChartBins bins,
            Instant firstHour) {
        Map<String, Double> values = new HashMap<>();
        Map<String, String> defocusBins = new HashMap<>();
        Map<String, String> ctfBins = new HashMap<>();
        Map<String, String> motionBins = new HashMap<>();
        Map<String, String> hourBins = new HashMap<>();
        bySquare.forEach((square, micrographs) -> {
            if (colour instanceof AtlasColour.ByMetric(Metric metric)) {
                metric.mean(micrographs).ifPresent(v -> values.put(square, v));
            }
            List<Integer> d = new ArrayList<>();
            List<Integer> c = new ArrayList<>();
            List<Integer> mo = new ArrayList<>();
            List<Integer> t = new ArrayList<>();
            for (Entity m : micrographs) {
                if (bins.defocus() != null && m.get("defocus") instanceof Number n) {
                    d.add(bins.defocus().index(Pages.micrometres(n.doubleValue())));
                }
                if (bins.ctf() != null && m.get("ctf_max_resolution_estimate") instanceof Number n) {
                    c.add(bins.ctf().index(n.doubleValue()));
                }
                if (bins.motion() != null && m.get("total_motion") instanceof Number n) {
                    mo.add(bins.motion().index(n.doubleValue()));
                }
                if (firstHour != null && m.get("acquisition_datetime") instanceof Instant at) {
                    t.add((int) Duration.between(firstHour, at.truncatedTo(ChronoUnit.HOURS))
                            .toHours());
                }
            }
            // a square without micrographs carries no attribute: 400 empty ones would weigh on the page
            if (!d.isEmpty()) {
                defocusBins.put(square, Bins.counts(d));
            }
            if (!c.isEmpty()) {
                ctfBins.put(square, Bins.counts(c));
            }
            if (!mo.isEmpty()) {
                motionBins.put(square, Bins.counts(mo));
            }
            if (!t.isEmpty()) {
                hourBins.put(square, Bins.counts(t));
            }
        });
        if (colour instanceof AtlasColour.ByPrediction) {
            values.putAll(predicted);
        }
        return new AtlasOverlay(
                colour, values, ColourScale.spanning(values.values()), defocusBins, ctfBins, motionBins, hourBins);
    }
}
