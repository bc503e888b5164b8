package io.sightline.server.web;

import io.sightline.server.persistence.Entity;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.DoubleUnaryOperator;

/** A micrograph value the square map can colour foil holes by (the mean over each hole's micrographs). */
enum Metric {
    DEFOCUS("defocus", "Defocus (µm)", "defocus", Pages::micrometres),
    CTF("ctf", "CTF max resolution (Å)", "ctf_max_resolution_estimate", v -> v),
    MOTION("motion", "Total motion (Å)", "total_motion", v -> v),
    PARTICLES("particles", "Particles picked", "number_of_particles_picked", v -> v);

    final String key;
    final String label;
    private final String column;
    private final DoubleUnaryOperator shown;

    Metric(String key, String label, String column, DoubleUnaryOperator shown) {
        this.key = key;
        this.label = label;
        this.column = column;
        this.shown = shown;
    }

    /** The metric a {@code ?colour=} value names; null for none; a 422 naming the value otherwise. */
    static Metric parse(String key) {
        if (key == null || key.isBlank() || key.equals("acquired")) {
            return null;
        }
        for (Metric m : values()) {
            if (m.key.equals(key.strip().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw io.sightline.server.http.ApiException.unprocessable(
                "colour must be acquired, defocus, ctf, motion or" + " particles, not '" + key + "'");
    }

    /** The mean of this metric over {@code micrographs}, as shown; empty when none has it. */
    OptionalDouble mean(List<Entity> micrographs) {
        return micrographs.stream()
                .map(m -> m.get(column))
                .filter(v -> v instanceof Number)
                .mapToDouble(v -> shown.applyAsDouble(((Number) v).doubleValue()))
                .average();
    }

    /** Viridis (perceptually uniform, readable with colour-blindness) at {@code t} in [0, 1]. */
    static String colour(double t) {
        int[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) x);
        double f = x - i;
        StringBuilder hex = new StringBuilder("#");
        for (int c = 0; c < 3; c++) {
            hex.append(String.format("%02x", Math.round(stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f)));
        }
        return hex.toString();
    }
}
