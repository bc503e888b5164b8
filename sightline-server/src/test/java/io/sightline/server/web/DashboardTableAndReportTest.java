package io.sightline.server.web;

import static io.sightline.server.web.DashboardPagesTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The acquisition page's table data ({@code GET /ui/acquisitions/{uuid}/table}) and the printable session
 * report, from a real server over data written through the REST API (H2 here, PostgreSQL in
 * {@link DashboardTableAndReportOnPostgresTest}). The browser side is {@code DashboardTableBrowserTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTableAndReportTest {
    TestDatabase database() {
        return TestDatabase.h2();
    }

    private TestServer server;
    private WebClient web;
    private final String acq = UUID.randomUUID().toString();
    private final String grid = UUID.randomUUID().toString();
    private final String squareVisited = UUID.randomUUID().toString();
    private final String squareNew = UUID.randomUUID().toString();
    private final String hole1 = UUID.randomUUID().toString();
    private final String hole2 = UUID.randomUUID().toString();
    private final String mic1 = UUID.randomUUID().toString();
    private final String mic2 = UUID.randomUUID().toString();
    private final String mic3 = UUID.randomUUID().toString();

    @BeforeAll
    void start() {
        server = TestServer.start(database());
        web = new WebClient(server.uri("/"));
        created(server.post("/acquisitions", map("uuid", acq, "name", "Report <one>", "status", "started")));
        created(server.post(
                "/acquisitions/" + acq + "/grids", map("uuid", grid, "name", "G", "acquisition_uuid", acq)));
        created(server.post("/grids/" + grid + "/gridsquares", square(squareVisited, "2001", 1000)));
        created(server.post("/grids/" + grid + "/gridsquares", square(squareNew, "2002", 3000)));
        created(server.post(
                "/gridsquares/" + squareVisited + "/foilholes",
                List.of(hole(hole1, "21", 100, true), hole(hole2, "22", 300, false))));
        for (Map<String, Object> m : List.of(
                micrograph(mic1, hole1, "21", "FoilHole_21_Data_1", "2026-12-07T10:00:00Z", -1.5e-6, 3.2),
                micrograph(mic2, hole1, "21", "=HYPERLINK(1)", "2026-12-07T11:30:00Z", -2.5e-6, 4.1),
                micrograph(mic3, hole2, "22", "FoilHole_22_Data_1", "2026-12-07T12:00:00Z", -2.0e-6, null))) {
            created(server.post("/foilholes/" + m.get("foilhole_uuid") + "/micrographs", m));
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void micrographRowsCarryTheirSquareHoleTimeAndDefocusInMicrometres() {
        JsonNode t = table("micrographs");
        assertThat(t.get("kind").asText()).isEqualTo("micrographs");
        assertThat(t.get("total").asInt()).isEqualTo(3);
        assertThat(t.get("truncated").asBoolean()).isFalse();
        assertThat(keys(t))
                .containsExactly(
                        "micrograph_id",
                        "gridsquare_id",
                        "foilhole_id",
                        "acquisition_datetime",
                        "defocus_um",
                        "ctf_max_resolution_estimate",
                        "total_motion",
                        "number_of_particles_picked");
        assertThat(t.get("link").asText()).isEqualTo("/ui/micrographs/{uuid}");
        JsonNode row = row(t, mic2);
        assertThat(row.get(1).isNull()).isTrue(); // the link needs no parent
        assertThat(row.get(2).asText()).isEqualTo("=HYPERLINK(1)"); // raw: the CSV writer guards formulas
        assertThat(row.get(3).asText()).isEqualTo("2001");
        assertThat(row.get(4).asText()).isEqualTo("21");
        assertThat(row.get(5).asText()).isEqualTo("2026-12-07T11:30:00Z");
        assertThat(row.get(6).asDouble()).isCloseTo(-2.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.get(7).asDouble()).isEqualTo(4.1);
        assertThat(row(t, mic3).get(7).isNull()).isTrue();
    }

    @Test
    void squareRowsCarryTheirStateAndCountsAndHoleRowsTheirMicrographs() {
        JsonNode squares = table("squares");
        assertThat(squares.get("rows")).hasSize(2);
        // the newest micrograph came from the visited square: EPU is still on it
        assertThat(row(squares, squareVisited).get(3).asText()).isEqualTo("in progress");
        assertThat(row(squares, squareVisited).get(4).asInt()).isEqualTo(2);
        assertThat(row(squares, squareVisited).get(5).asInt()).isEqualTo(3);
        assertThat(row(squares, squareNew).get(3).asText()).isEqualTo("not visited");
        assertThat(row(squares, squareNew).get(8).isNull()).isTrue();
        assertThat(squares.get("link").asText()).isEqualTo("/ui/gridsquares/{uuid}");

        JsonNode holes = table("holes");
        assertThat(holes.get("rows")).hasSize(2);
        assertThat(row(holes, hole1).get(1).asText()).isEqualTo(squareVisited);
        assertThat(row(holes, hole1).get(7).asText()).isEqualTo("yes");
        assertThat(row(holes, hole1).get(8).asInt()).isEqualTo(2);
        assertThat(row(holes, hole2).get(8).asInt()).isEqualTo(1);
        assertThat(holes.get("link").asText()).isEqualTo("/ui/gridsquares/{parent}?hole={uuid}#hole-micrographs");
    }

    @Test
    void anUnknownOrMissingKindIsANamedProblemAndAnUnknownAcquisitionA404() {
        TestServer.Response unknown = server.get("/ui/acquisitions/" + acq + "/table?kind=grids");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText()).contains("kind").contains("'grids'");
        TestServer.Response missing = server.get("/ui/acquisitions/" + acq + "/table");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("detail").asText()).contains("kind").contains("missing");
        assertThat(server.get("/ui/acquisitions/" + UUID.randomUUID() + "/table?kind=squares")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theAcquisitionPageCarriesTheTablePanelAndLinksTheReport() {
        Document page = web.page("/ui/acquisitions/" + acq);
        Element panel = page.selectFirst("[data-testid=entity-table]");
        assertThat(panel).isNotNull();
        assertThat(panel.attr("data-source")).isEqualTo("/ui/acquisitions/" + acq + "/table");
        assertThat(panel.select("button[role=tab][data-table-kind]").eachAttr("data-table-kind"))
                .containsExactly("squares", "holes", "micrographs");
        assertThat(page.selectFirst("a[data-testid=report-link]").attr("href"))
                .isEqualTo("/ui/acquisitions/" + acq + "/report");
        // table.js is loaded on the first click in the panel (dashboard.js), not with the page
        assertThat(panel.attr("data-script")).isEqualTo("/ui/assets/table.js");
        assertThat(page.select("script[src=/ui/assets/table.js]")).isEmpty();
        assertThat(page.select("link[href=/ui/assets/table.css]")).hasSize(1);
        // only the pages that use them load the table's assets: the others keep their size budget
        assertThat(web.page("/ui/gridsquares/" + squareVisited).select("script[src=/ui/assets/table.js]"))
                .isEmpty();
        assertThat(web.page("/ui/acquisitions/" + acq + "/report").select("link[href=/ui/assets/table.css]"))
                .hasSize(1);
        assertThat(web.get("/ui/assets/table.js").statusCode()).isEqualTo(200);
        assertThat(web.get("/ui/assets/table.css").statusCode()).isEqualTo(200);
    }

    @Test
    void theReportGivesCountsThroughputChartsAndTheAtlas() {
        Document page = web.page("/ui/acquisitions/" + acq + "/report");
        Element figures = page.selectFirst("[data-testid=report-figures]");
        assertThat(figures.selectFirst("[data-field=squares]").text()).isEqualTo("2");
        assertThat(figures.selectFirst("[data-field=squares-in-progress]").text())
                .isEqualTo("1");
        assertThat(figures.selectFirst("[data-field=squares-not-visited]").text())
                .isEqualTo("1");
        assertThat(figures.selectFirst("[data-field=holes]").text()).isEqualTo("2");
        assertThat(figures.selectFirst("[data-field=micrographs]").text()).isEqualTo("3");
        // 3 micrographs from 10:00 to 12:00: 2 intervals in 2 h
        assertThat(figures.selectFirst("[data-field=micrographs-per-hour]").text())
                .isEqualTo("1");
        assertThat(figures.selectFirst("[data-field=duration]").text()).isEqualTo("2 h 0 min");
        assertThat(figures.selectFirst("[data-field=first-micrograph] time").attr("datetime"))
                .isEqualTo("2026-12-07T10:00:00Z");
        assertThat(page.select("svg[data-testid=atlas] [data-square-uuid]")).hasSize(2);
        assertThat(page.select("[data-testid=legend] li")).hasSize(4);
        assertThat(page.select("svg[data-testid=timeline] rect").eachAttr("data-count"))
                .containsExactly("1", "1", "1");
        assertThat(page.select("svg[data-testid=defocus-histogram]")).hasSize(1);
        assertThat(page.select("svg[data-testid=ctf-histogram]")).hasSize(1);
        assertThat(page.selectFirst("h2").text()).isEqualTo("Session report: Report <one>");
        assertThat(server.get("/ui/acquisitions/" + UUID.randomUUID() + "/report")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theTimelineAxisShowsTimesForTheViewersZoneWithUtcOnHover() {
        Document page = web.page("/ui/acquisitions/" + acq);
        List<Element> axis = page.select("svg[data-testid=timeline] + .axis time");
        assertThat(axis).hasSize(2);
        assertThat(axis.getFirst().attr("datetime")).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(axis.getFirst().attr("title")).isEqualTo("2026-12-07T10:00:00Z (UTC)");
    }

    // ---- helpers

    private JsonNode table(String kind) {
        TestServer.Response r = server.get("/ui/acquisitions/" + acq + "/table?kind=" + kind);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> keys(JsonNode table) {
        List<String> out = new ArrayList<>();
        table.get("columns").forEach(c -> out.add(c.get("key").asText()));
        return out;
    }

    private static JsonNode row(JsonNode table, String uuid) {
        for (JsonNode row : table.get("rows")) {
            if (row.get(0).asText().equals(uuid)) {
                return row;
            }
        }
        throw new AssertionError("no row " + uuid + " in " + table);
    }

    private Map<String, Object> square(String uuid, String id, long cx) {
        return map(
                "uuid",
                uuid,
                "gridsquare_id",
                id,
                "grid_uuid",
                grid,
                "center_x",
                cx,
                "center_y",
                500,
                "size_width",
                200,
                "size_height",
                200);
    }

    private Map<String, Object> hole(String uuid, String id, long x, boolean nearBar) {
        return map(
                "uuid",
                uuid,
                "foilhole_id",
                id,
                "gridsquare_id",
                "2001",
                "gridsquare_uuid",
                squareVisited,
                "x_location",
                x,
                "y_location",
                200,
                "diameter",
                120,
                "is_near_grid_bar",
                nearBar);
    }

    private static Map<String, Object> micrograph(
            String uuid, String hole, String holeId, String id, String time, double defocus, Double ctf) {
        Map<String, Object> m = map(
                "uuid",
                uuid,
                "foilhole_uuid",
                hole,
                "foilhole_id",
                holeId,
                "micrograph_id",
                id,
                "acquisition_datetime",
                time,
                "defocus",
                defocus);
        if (ctf != null) {
            m.put("ctf_max_resolution_estimate", ctf);
        }
        return m;
    }

    private static void created(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
