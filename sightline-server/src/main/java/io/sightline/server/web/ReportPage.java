package io.sightline.server.web;

import io.sightline.server.auth.Principal;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The printable one-page session report ({@code /ui/acquisitions/{uuid}/report}): counts, throughput,
 * the timeline and histograms, the atlas map. Drawn with the acquisition page's own atlas and charts;
 * {@code table.css}'s print rules fit it on one A4 page.
 */
final class ReportPage {
    private final EntityStore entities;

    ReportPage(EntityStore entities) {
        this.entities = Objects.requireNonNull(entities, "entities");
    }

    String render(String uuid, Principal who, String csrf) {
        Entity acquisition = entities.get(EntityKind.ACQUISITION, uuid);
        uuid = acquisition.uuid();
        String id = uuid;
        List<Entity> squares = entities.listByAcquisition(EntityKind.GRIDSQUARE, uuid);
        Map<String, EntityStore.SquareFigures> figures = entities.squareFigures(uuid);
        List<Entity> micrographs = entities.listByAcquisition(EntityKind.MICROGRAPH, uuid);
        Instant newest = Pages.newestMicrograph(micrographs);
        EntityStore.AcquisitionFigures totals = entities.acquisitionFigures().stream()
                .filter(f -> f.acquisitionUuid().equals(id))
                .findFirst()
                .orElse(new EntityStore.AcquisitionFigures(id, 0, 0, 0, null, null));
        Map<SquareState, Integer> states = new EnumMap<>(SquareState.class);
        for (Entity s : squares) {
            states.merge(SquareState.of(s, figures.get(s.uuid()), newest), 1, Integer::sum);
        }

        Html h = new Html();
        EntityTable.assets(h); // the print rules and the print button
        h.raw("<article class=\"report\" data-testid=\"report\">");
        h.raw("<p class=\"no-print\"><a")
                .attr("href", "/ui/acquisitions/" + uuid)
                .raw(">← acquisition</a> <button type=\"button\" data-action=\"print\">Print</button></p>");
        h.raw("<section id=\"report-summary\" data-live><h2>Session report: ")
                .text(acquisition.get("name"))
                .raw("</h2><dl class=\"figures\" data-testid=\"report-figures\">");
        figure(h, "squares", "Grid squares", Long.toString(totals.squares()));
        for (SquareState s : SquareState.values()) {
            figure(h, "squares-" + s.wire(), "· " + s.label(), Integer.toString(states.getOrDefault(s, 0)));
        }
        figure(h, "holes", "Foil holes", Long.toString(totals.holes()));
        figure(h, "micrographs", "Micrographs", Long.toString(totals.micrographs()));
        figure(h, "micrographs-per-hour", "Micrographs per hour", Pages.perHour(totals));
        h.raw("<dt>First micrograph</dt><dd data-field=\"first-micrograph\">");
        Layout.time(h, totals.firstMicrograph());
        h.raw("</dd><dt>Last micrograph</dt><dd data-field=\"last-micrograph\">");
        Layout.time(h, totals.lastMicrograph());
        h.raw("</dd>");
        figure(h, "duration", "Span", span(totals.firstMicrograph(), totals.lastMicrograph()));
        h.raw("</dl></section>");
        h.raw("<section id=\"report-atlas\" data-live class=\"report-atlas\"><h3>Atlas</h3>");
        Pages.atlas(h, squares, figures, newest, false, AtlasOverlay.none(), List.of());
        Pages.legend(h);
        h.raw("</section><section id=\"report-charts\" data-live class=\"report-charts\">");
        Pages.charts(h, micrographs);
        h.raw("</section><p class=\"note\">Acquisition <code>").text(uuid).raw("</code> · report made ");
        Layout.time(h, Instant.now());
        h.raw("</p></article>");
        return Layout.page(
                "Report " + acquisition.get("name"), "/ui/events?acquisition=" + uuid, who, csrf, h.toString());
    }

    private static void figure(Html h, String field, String label, String value) {
        h.raw("<dt>")
                .text(label)
                .raw("</dt><dd")
                .attr("data-field", field)
                .raw(">")
                .text(value)
                .raw("</dd>");
    }

    /** The time between the first and the last micrograph, as hours and minutes ("—" without two). */
    static String span(Instant first, Instant last) {
        if (first == null || last == null) {
            return "—";
        }
        Duration d = Duration.between(first, last);
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
}
