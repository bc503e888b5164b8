package io.sightline.server.web;

import java.util.List;

/**
 * Small bar charts drawn as SVG on the server: the page is complete without a script, and a chart of
 * 5,000 values is a few dozen rectangles, not 5,000 points shipped to the browser.
 */
final class Charts {
    private Charts() {}

    /** A bar; {@code start} is the time it begins at on a time axis (shown in the viewer's zone), else null. */
    record Bar(String label, long count, java.time.Instant start) {
        Bar(String label, long count) {
            this(label, count, null);
        }
    }

    /** Equal-width bins of {@code values} between their minimum and maximum. */
    static List<Bar> histogram(List<Double> values, int bins, String unit) {
        return histogram(values, Bins.spanning(values, bins), unit);
    }

    /** The bars of {@code values} counted in {@code bins} (none when bins is null: no value yet). */
    static List<Bar> histogram(List<Double> values, Bins bins, String unit) {
        if (bins == null) {
            return List.of();
        }
        long[] counts = new long[bins.count()];
        for (double v : values) {
            counts[bins.index(v)]++;
        }
        java.util.ArrayList<Bar> out = new java.util.ArrayList<>();
        for (int i = 0; i < bins.count(); i++) {
            out.add(new Bar(Layout.number(bins.lower(i)) + "–" + Layout.number(bins.upper(i)) + " " + unit, counts[i]));
        }
        return out;
    }

    /** A bar chart; each bar has a title (hover) with its label and count. */
    static void bars(Html h, String testId, String caption, List<Bar> bars) {
        bars(h, testId, caption, bars, false);
    }

    /**
     * A bar chart; with {@code brushable} the chart takes focus ({@code tabindex}) and maps.js lets a
     * drag over the bars, or the arrow keys, pick a range of them (linked selection).
     */
    static void bars(Html h, String testId, String caption, List<Bar> bars, boolean brushable) {
        draw(h, testId, caption, bars, brushable, null);
    }

    /**
     * A brushable histogram that also names its bins ({@code data-bin-min}, {@code data-bin-width},
     * {@code data-bin-count}), so that the table can put each row's own value in the brushed bars with the
     * arithmetic of {@link Bins#index} (linked selection, docs/dashboard.md).
     */
    static void brushableHistogram(Html h, String testId, String caption, List<Bar> bars, Bins bins) {
        draw(h, testId, caption, bars, true, bins);
    }

    private static void draw(Html h, String testId, String caption, List<Bar> bars, boolean brushable, Bins bins) {
        h.raw("<figure class=\"chart\"><figcaption>").text(caption).raw("</figcaption>");
        if (bars.isEmpty()) {
            h.raw("<p class=\"empty\"").attr("data-testid", testId).raw(">No data yet.</p></figure>");
            return;
        }
        long top = bars.stream().mapToLong(Bar::count).max().orElse(1);
        int w = 600;
        int height = 120;
        double bw = (double) w / bars.size();
        h.raw("<svg")
                .attr("data-testid", testId)
                .attr("viewBox", "0 0 " + w + " " + (height + 2))
                .attr("role", "img")
                .attr(
                        "aria-label",
                        brushable ? caption + ": drag over the bars, or arrow keys, to pick a range" : caption)
                .attr("tabindex", brushable ? "0" : null)
                .attr("data-brushable", brushable ? "true" : null)
                // Double.toString round-trips: the browser parses the very double the server binned with
                .attr("data-bin-min", bins == null ? null : Double.toString(bins.min()))
                .attr("data-bin-width", bins == null ? null : Double.toString(bins.width()))
                .attr("data-bin-count", bins == null ? null : bins.count())
                .raw(">");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double bh = top == 0 ? 0 : (double) b.count() * height / top;
            h.raw("<rect class=\"bar\"")
                    .attr("x", fmt(i * bw + 1))
                    .attr("y", fmt(height - bh))
                    .attr("width", fmt(Math.max(1, bw - 2)))
                    .attr("height", fmt(bh))
                    .attr("data-bin", i)
                    .attr("data-count", b.count())
                    .raw("><title>")
                    .text(b.label() + ": " + b.count())
                    .raw("</title></rect>");
        }
        h.raw("</svg><div class=\"axis\"><span>");
        axisLabel(h, bars.getFirst());
        h.raw("</span><span>");
        axisLabel(h, bars.getLast());
        h.raw("</span></div></figure>");
    }

    private static void axisLabel(Html h, Bar bar) {
        if (bar.start() != null) {
            Layout.time(h, bar.start());
        } else {
            h.text(bar.label());
        }
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
