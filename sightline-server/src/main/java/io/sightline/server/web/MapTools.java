package io.sightline.server.web;

import java.util.List;

/**
 * The controls beside the maps that maps.js drives (docs/dashboard.md): the atlas's colour-by choice, the
 * chart filter by selected squares, and the state of a brush on the defocus histogram. They sit outside the
 * live regions, so a live update keeps what the person chose.
 */
final class MapTools {
    private MapTools() {}

    /** Under the acquisition page's atlas and charts. */
    static void atlasTools(Html h, AtlasColour colour, List<String> models) {
        h.raw("<section class=\"map-tools\"><form class=\"colour-by\" method=\"get\"><label>Colour squares by"
                + " <select name=\"colour\" data-action=\"colour-by\" onchange=\"this.form.submit()\">");
        option(h, "state", "state (visited, acquired …)", colour == null);
        for (Metric m : Metric.values()) {
            option(h, m.key, m.label + " (mean)", colour instanceof AtlasColour.ByMetric(Metric c) && c == m);
        }
        for (String model : models) {
            String key = AtlasColour.PREDICTION + model;
            option(
                    h,
                    key,
                    "prediction: " + model,
                    colour != null && colour.key().equals(key));
        }
        h.raw("</select></label> <noscript><button type=\"submit\">Show</button></noscript></form>");
        h.raw("<p><label><input type=\"checkbox\" data-tool=\"filter-mode\"> filter the charts: click squares on"
                        + " the atlas to show only theirs</label> ")
                .raw("<span data-testid=\"chart-filter\" aria-live=\"polite\">charts show every square</span> ")
                .raw("<button type=\"button\" data-tool=\"clear-filter\">Show every square</button></p>");
        brush(h, "squares");
        h.raw("</section>");
    }

    /** What a brush on the defocus histogram highlights, and how to clear it. */
    static void brush(Html h, String what) {
        h.raw("<p><span data-testid=\"brush\" aria-live=\"polite\">")
                .text("Drag over the defocus histogram (or focus it and use the arrow keys, shift to widen) to"
                        + " highlight the " + what + " with micrographs in that range.")
                .raw("</span> <button type=\"button\" data-tool=\"clear-brush\">Clear</button></p>");
    }

    private static void option(Html h, String value, String label, boolean selected) {
        h.raw("<option")
                .attr("value", value)
                .raw(selected ? " selected>" : ">")
                .text(label)
                .raw("</option>");
    }
}
