package io.sightline.server.web;

import java.util.Collection;

/**
 * The viridis scale over the values a map shows (the square page's holes, the atlas's squares), and its
 * legend: the same scale and legend on both maps, so a person reads them alike.
 *
 * @param low the smallest value shown (the scale's dark end)
 * @param high the largest (its yellow end)
 */
record ColourScale(double low, double high) {
    /** The scale spanning {@code values}; null when there is none. */
    static ColourScale spanning(Collection<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        return new ColourScale(
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }

    /** The fill of {@code value}: mid-scale when every value is the same. */
    String fill(double value) {
        return Metric.colour(high > low ? (value - low) / (high - low) : 0.5);
    }

    /**
     * The legend ({@code [data-testid=metric-legend]}): the label, the range with its two end colours, and
     * how an element without a value is drawn.
     */
    static void legend(Html h, String label, ColourScale scale, String withoutValue) {
        h.raw("<p class=\"legend\" data-testid=\"metric-legend\">").text(label).raw(": ");
        if (scale == null) {
            h.raw("nothing has a value yet");
        } else {
            h.raw("<span class=\"swatch\"")
                    .attr("style", "background:" + Metric.colour(0))
                    .raw("></span>")
                    .text(Layout.number(scale.low()))
                    .raw(" … ")
                    .raw("<span class=\"swatch\"")
                    .attr("style", "background:" + Metric.colour(1))
                    .raw("></span>")
                    .text(Layout.number(scale.high()));
        }
        h.raw(" · <span class=\"swatch no-value\"></span>").text(withoutValue).raw("</p>");
    }
}
