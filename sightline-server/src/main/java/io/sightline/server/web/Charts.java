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
        if (values.isEmpty()) {
            return List.of();
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int n = max > min ? bins : 1;
        double width = max > min ? (max - min) / n : 1;
        long[] counts = new long[n];
        for (double v : values) {
            counts[Math.min(n - 1, (int) ((v - min) / width))]++;
        }
        java.util.ArrayList<Bar> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Bar(
                    Layout.number(min + i * width) + "–" + Layout.number(min + (i + 1) * width) + " " + unit,
                    counts[i]));
        }
        return out;
    }

    /** A bar chart; each bar has a title (hover) with its label and count. */
    static void bars(Html h, String testId, String caption, List<Bar> bars) {
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
                .attr("aria-label", caption)
                .raw(">");
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double bh = top == 0 ? 0 : (double) b.count() * height / top;
            h.raw("<rect class=\"bar\"")
                    .attr("x", fmt(i * bw + 1))
                    .attr("y", fmt(height - bh))
                    .attr("width", fmt(Math.max(1, bw - 2)))
                    .attr("height", fmt(bh))
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
