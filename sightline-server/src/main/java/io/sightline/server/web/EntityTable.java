package io.sightline.server.web;

import io.sightline.server.http.ApiException;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The acquisition page's table of squares, holes or micrographs (docs/dashboard.md, "Table"): the panel
 * the page carries and the rows {@code table.js} loads from {@code GET /ui/acquisitions/{uuid}/table}.
 * The rows are read from the same {@link EntityStore} the REST API reads; sorting, filtering and the CSV
 * of what is shown happen in the browser, over exactly these rows.
 */
final class EntityTable {
    /** At most this many rows per answer: a table far above the 5,000-micrograph session stays bounded. */
    static final int MAX_ROWS = 20_000;

    /** What a table lists. */
    enum Kind {
        SQUARES,
        HOLES,
        MICROGRAPHS;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String kind) {
            for (Kind k : values()) {
                if (k.wire().equals(kind)) {
                    return k;
                }
            }
            throw ApiException.unprocessable("query parameter 'kind' must be squares, holes or micrographs, not "
                    + (kind == null ? "missing" : "'" + kind + "'"));
        }
    }

    /** A column: its key (also the CSV header), what a person reads, and how values sort and show. */
    record Column(String key, String label, String type) {
        static Column text(String key, String label) {
            return new Column(key, label, "text");
        }

        static Column number(String key, String label) {
            return new Column(key, label, "number");
        }

        static Column time(String key, String label) {
            return new Column(key, label, "time");
        }
    }

    /**
     * One table: {@code link} is the first column's link with {@code {uuid}} and {@code {parent}} to fill
     * from each row's first two fields; each row is {@code [uuid, parent uuid, value per column...]}.
     */
    record Table(
            String kind, List<Column> columns, String link, List<List<Object>> rows, int total, boolean truncated) {}

    private final EntityStore entities;

    EntityTable(EntityStore entities) {
        this.entities = Objects.requireNonNull(entities, "entities");
    }

    Table table(String acquisitionUuid, String kind) {
        Kind k = Kind.parse(kind);
        String uuid = entities.get(EntityKind.ACQUISITION, acquisitionUuid).uuid();
        return switch (k) {
            case SQUARES -> squares(uuid);
            case HOLES -> holes(uuid);
            case MICROGRAPHS -> micrographs(uuid);
        };
    }

    private Table squares(String acquisitionUuid) {
        List<Entity> squares = entities.listByAcquisition(EntityKind.GRIDSQUARE, acquisitionUuid);
        Map<String, EntityStore.SquareFigures> figures = entities.squareFigures(acquisitionUuid);
        Instant newest = Pages.newestMicrograph(entities.listByAcquisition(EntityKind.MICROGRAPH, acquisitionUuid));
        List<List<Object>> rows = new ArrayList<>();
        for (Entity s : squares) {
            EntityStore.SquareFigures f = figures.get(s.uuid());
            rows.add(row(
                    s,
                    null,
                    s.get("gridsquare_id"),
                    SquareState.of(s, f, newest).label(),
                    f == null ? 0 : f.holes(),
                    f == null ? 0 : f.micrographs(),
                    s.get("center_x"),
                    s.get("center_y"),
                    f == null ? null : time(f.lastMicrograph())));
        }
        return table(
                Kind.SQUARES,
                List.of(
                        Column.text("gridsquare_id", "square"),
                        Column.text("state", "state"),
                        Column.number("holes", "holes"),
                        Column.number("micrographs", "micrographs"),
                        Column.number("center_x", "atlas x"),
                        Column.number("center_y", "atlas y"),
                        Column.time("last_micrograph", "last micrograph")),
                "/ui/gridsquares/{uuid}",
                rows);
    }

    private Table holes(String acquisitionUuid) {
        Map<String, Integer> micrographs = new HashMap<>();
        for (Entity m : entities.listByAcquisition(EntityKind.MICROGRAPH, acquisitionUuid)) {
            micrographs.merge(m.parentUuid(), 1, Integer::sum);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Entity hole : entities.listByAcquisition(EntityKind.FOILHOLE, acquisitionUuid)) {
            rows.add(row(
                    hole,
                    hole.parentUuid(),
                    hole.get("foilhole_id"),
                    hole.get("gridsquare_id"),
                    hole.get("x_location"),
                    hole.get("y_location"),
                    hole.get("diameter"),
                    Boolean.TRUE.equals(hole.get("is_near_grid_bar")) ? "yes" : "no",
                    micrographs.getOrDefault(hole.uuid(), 0)));
        }
        return table(
                Kind.HOLES,
                List.of(
                        Column.text("foilhole_id", "hole"),
                        Column.text("gridsquare_id", "square"),
                        Column.number("x_location", "x (px)"),
                        Column.number("y_location", "y (px)"),
                        Column.number("diameter", "diameter (px)"),
                        Column.text("near_grid_bar", "near grid bar"),
                        Column.number("micrographs", "micrographs")),
                "/ui/gridsquares/{parent}?hole={uuid}#hole-micrographs",
                rows);
    }

    private Table micrographs(String acquisitionUuid) {
        Map<String, Entity> holes = new HashMap<>();
        for (Entity hole : entities.listByAcquisition(EntityKind.FOILHOLE, acquisitionUuid)) {
            holes.put(hole.uuid(), hole);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Entity m : entities.listByAcquisition(EntityKind.MICROGRAPH, acquisitionUuid)) {
            Entity hole = holes.get(m.parentUuid());
            Object defocus = m.get("defocus");
            rows.add(row(
                    m,
                    null, // its link needs only its own uuid: 36 bytes a row less to send
                    m.get("micrograph_id"),
                    hole == null ? null : hole.get("gridsquare_id"),
                    hole == null ? m.get("foilhole_id") : hole.get("foilhole_id"),
                    time((Instant) m.get("acquisition_datetime")),
                    defocus instanceof Number n ? Pages.micrometres(n.doubleValue()) : null,
                    m.get("ctf_max_resolution_estimate"),
                    m.get("total_motion"),
                    m.get("number_of_particles_picked")));
        }
        return table(
                Kind.MICROGRAPHS,
                List.of(
                        Column.text("micrograph_id", "micrograph"),
                        Column.text("gridsquare_id", "square"),
                        Column.text("foilhole_id", "hole"),
                        Column.time("acquisition_datetime", "time"),
                        Column.number("defocus_um", "defocus (µm)"),
                        Column.number("ctf_max_resolution_estimate", "CTF res. (Å)"),
                        Column.number("total_motion", "motion (Å)"),
                        Column.number("number_of_particles_picked", "particles")),
                "/ui/micrographs/{uuid}",
                rows);
    }

    private static List<Object> row(Entity e, String parent, Object... values) {
        List<Object> row = new ArrayList<>(values.length + 2);
        row.add(e.uuid());
        row.add(parent);
        row.addAll(Arrays.asList(values));
        return row;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Table table(Kind kind, List<Column> columns, String link, List<List<Object>> rows) {
        int total = rows.size();
        boolean truncated = total > MAX_ROWS;
        return new Table(kind.wire(), columns, link, truncated ? rows.subList(0, MAX_ROWS) : rows, total, truncated);
    }

    /**
     * The table's script and stylesheet (also the report's print rules), linked only by the pages that use
     * them: every other page stays within its size budget. A stylesheet and a deferred script may sit in
     * the body; they load once, as a region outside every live one.
     */
    static void assets(Html h) {
        h.raw("<link rel=\"stylesheet\" href=\"/ui/assets/table.css\">")
                .raw("<script defer src=\"/ui/assets/table.js\"></script>");
    }

    /**
     * The panel on the acquisition page: one tab per kind, nothing loaded until a tab is chosen (the page
     * stays light; 5,000 micrographs are loaded only when asked for). {@code table.js} does the rest, and is
     * itself loaded by {@code dashboard.js} on the first click in the panel ({@code data-script}): its 18 KB
     * would otherwise count against the page's 300 KB budget.
     */
    static void panel(Html h, String acquisitionUuid) {
        h.raw("<link rel=\"stylesheet\" href=\"/ui/assets/table.css\">");
        h.raw("<section class=\"entity-table\" data-testid=\"entity-table\" aria-labelledby=\"entity-table-title\"")
                .attr("data-script", "/ui/assets/table.js")
                .attr("data-source", "/ui/acquisitions/" + acquisitionUuid + "/table")
                .attr("data-acquisition-uuid", acquisitionUuid)
                .raw("><h3 id=\"entity-table-title\">Table</h3><div role=\"tablist\" aria-label=\"What to list\">");
        for (Kind k : Kind.values()) {
            h.raw("<button type=\"button\" role=\"tab\" aria-selected=\"false\" aria-controls=\"entity-table-body\"")
                    .attr("data-table-kind", k.wire())
                    .raw(">")
                    .text(k.wire().substring(0, 1).toUpperCase(Locale.ROOT)
                            + k.wire().substring(1))
                    .raw("</button>");
        }
        h.raw("</div><div id=\"entity-table-body\" role=\"tabpanel\" data-testid=\"table-panel\">"
                + "<p class=\"note\">Choose squares, holes or micrographs to list them: sort by any column, filter"
                + " by text and ranges, export what is shown as CSV.</p></div></section>");
    }
}
