package io.sightline.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.SwfMessageType;
import io.sightline.server.auth.Principal;
import io.sightline.server.fastmon.FastmonStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fast-monitoring panel ({@code /ui/fastmon}, docs/dashboard.md): the newest runs with their STF and
 * TF-sample counts and the newest TF samples, read through {@link FastmonStore}'s listings (what
 * {@code /api/runs}, {@code /api/stf-files} and {@code /api/fastmon-files} answer). It follows the swf
 * workflow messages on the page's one stream: each one refreshes its live regions.
 */
final class FastmonPage {
    /** Runs shown, newest first. */
    static final int RUNS = 20;
    /** TF samples shown, newest first. */
    static final int SAMPLES = 50;

    private final FastmonStore store;

    FastmonPage(FastmonStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    String render(Principal who, String csrf) {
        Html h = new Html();
        // the message types that change what this page shows; dashboard.js refreshes on each
        h.raw("<div hidden")
                .attr(
                        "data-refresh-on",
                        Arrays.stream(SwfMessageType.values())
                                .map(SwfMessageType::wireName)
                                .collect(Collectors.joining(" ")))
                .raw("></div>");
        h.raw("<section id=\"fastmon-runs\" data-live><h2>Runs</h2>");
        h.raw("<table data-testid=\"fastmon-runs\"><thead><tr><th>run</th><th>started</th><th>ended</th>"
                + "<th>STF files</th><th>TF samples</th></tr></thead><tbody>");
        for (ObjectNode run : newest(page -> store.runs(null, page), RUNS)) {
            long number = run.path("run_number").asLong();
            h.raw("<tr")
                    .attr("data-run-number", number)
                    .raw("><td>")
                    .text(number)
                    .raw("</td><td>");
            Layout.time(h, time(run.get("start_time")));
            h.raw("</td><td>");
            Layout.time(h, time(run.get("end_time")));
            h.raw("</td><td data-count=\"stf\">")
                    .text(store.stfFiles(null, number, null, null, new FastmonStore.Page(0, 0))
                            .count())
                    .raw("</td><td data-count=\"tf\">")
                    .text(store.tfFiles(null, null, number, null, new FastmonStore.Page(0, 0))
                            .count())
                    .raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");
        h.raw("<section id=\"fastmon-samples\" data-live><h2>Newest TF samples</h2>");
        h.raw("<table data-testid=\"fastmon-samples\"><thead><tr><th>TF sample</th><th>STF</th><th>run</th>"
                + "<th>time frames</th><th>bytes</th><th>status</th><th>registered</th></tr></thead><tbody>");
        for (ObjectNode tf : newest(page -> store.tfFiles(null, null, null, null, page), SAMPLES)) {
            h.raw("<tr")
                    .attr("data-tf-filename", tf.path("tf_filename").asText())
                    .raw("><td>")
                    .text(tf.path("tf_filename").asText())
                    .raw("</td><td>")
                    .text(tf.path("stf_file").asText())
                    .raw("</td><td data-field=\"run-number\">")
                    .text(tf.path("run_number").asText())
                    .raw("</td><td>")
                    .text(
                            tf.path("tf_first").isNull()
                                    ? "—"
                                    : tf.path("tf_first").asText() + "–"
                                            + tf.path("tf_last").asText())
                    .raw("</td><td>")
                    .text(
                            tf.path("file_size_bytes").isNull()
                                    ? "—"
                                    : tf.path("file_size_bytes").asText())
                    .raw("</td><td data-field=\"status\">")
                    .text(tf.path("status").asText())
                    .raw("</td><td>");
            Layout.time(h, time(tf.get("created_at")));
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");
        h.raw("<p>Samples registered one at a time (<code>POST /api/fastmon-files/</code>) are announced by"
                + " the agent's <code>tf_file_registered</code> message, as in swf-monitor; the bulk registration"
                + " announces its own. Either refreshes this page.</p>");
        return Layout.page("Fast monitoring", "/ui/events", who, csrf, h.toString());
    }

    /**
     * The last {@code n} rows of a listing in the store's order (oldest first), newest first: the count
     * first, then the page that ends the listing.
     */
    private static List<ObjectNode> newest(Function<FastmonStore.Page, FastmonStore.Listing> listing, int n) {
        long count = listing.apply(new FastmonStore.Page(0, 0)).count();
        int offset = (int) Math.max(0, count - n);
        List<ObjectNode> rows =
                new ArrayList<>(listing.apply(new FastmonStore.Page(n, offset)).rows());
        java.util.Collections.reverse(rows);
        return rows;
    }

    private static Instant time(JsonNode value) {
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }
}
