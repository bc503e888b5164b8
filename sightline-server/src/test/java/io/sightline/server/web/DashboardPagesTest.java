package io.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard's pages as a browser receives them from a real server (H2, open on loopback, so the
 * caller is admin): the DOM contract of docs/dashboard.md, read with an HTML parser, over data written
 * through the REST API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardPagesTest {
    /** The database the server runs on: H2 here, PostgreSQL in {@link DashboardPagesOnPostgresTest}. */
    TestDatabase database() {
        return TestDatabase.h2();
    }

    private TestServer server;
    private WebClient web;
    private final String ACQ = UUID.randomUUID().toString();
    private final String GRID = UUID.randomUUID().toString();
    private final String SQ_ACQUIRED = UUID.randomUUID().toString();
    private final String SQ_NEW = UUID.randomUUID().toString();
    private final String SQ_UNUSABLE = UUID.randomUUID().toString();
    private final String SQ_CURRENT = UUID.randomUUID().toString();
    private final String HOLE_1 = UUID.randomUUID().toString();
    private final String HOLE_NEAR_BAR = UUID.randomUUID().toString();
    private final String HOLE_CURRENT = UUID.randomUUID().toString();
    private final String MIC_1 = UUID.randomUUID().toString();
    private final String MIC_2 = UUID.randomUUID().toString();
    private final String MIC_CURRENT = UUID.randomUUID().toString();
    private String session;

    @BeforeAll
    void start() {
        server = TestServer.start(database());
        web = new WebClient(server.uri("/"));
        created(server.post("/acquisitions", map("uuid", ACQ, "name", "Krios <b>&</b> 'one'", "status", "started")));
        created(server.post(
                "/acquisitions/" + ACQ + "/grids", map("uuid", GRID, "name", "Grid_1", "acquisition_uuid", ACQ)));
        square(SQ_ACQUIRED, "1001", 1000, 2000, 200, false);
        square(SQ_NEW, "1002", 3000, 2000, 240, false);
        square(SQ_UNUSABLE, "1003", 5000, 2000, 200, true);
        square(SQ_CURRENT, "1004", 7000, 4000, 200, false);
        created(server.post(
                "/gridsquares/" + SQ_ACQUIRED + "/foilholes",
                List.of(
                        hole(HOLE_1, "11", "1001", SQ_ACQUIRED, 1200, 800, 150, false),
                        hole(HOLE_NEAR_BAR, "12", "1001", SQ_ACQUIRED, 3900, 160, 140, true))));
        created(server.post(
                "/gridsquares/" + SQ_CURRENT + "/foilholes",
                List.of(hole(HOLE_CURRENT, "41", "1004", SQ_CURRENT, 500, 500, 150, false))));
        micrograph(MIC_1, HOLE_1, "11", "FoilHole_11_Data_1", "2026-12-07T10:00:00Z", -1.2e-6);
        micrograph(MIC_2, HOLE_1, "11", "FoilHole_11_Data_2", "2026-12-07T11:00:00Z", -2.4e-6);
        micrograph(MIC_CURRENT, HOLE_CURRENT, "41", "FoilHole_41_Data_1", "2026-12-07T12:00:00Z", -1.8e-6);
        TestServer.Response s = server.post("/agent/krios-1/sessions", map("name", "run <1>", "acquisition_uuid", ACQ));
        created(s);
        session = s.json().get("session_id").asText();
        assertThat(server.post(
                                "/agent/krios-1/session/" + session + "/heartbeat",
                                map(
                                        "outbox_depth",
                                        17,
                                        "outbox_parked",
                                        1,
                                        "outbox_oldest_undelivered_seconds",
                                        42.5,
                                        "outbox_newest_parked",
                                        "refused: bad <field>"))
                        .status())
                .isLessThan(300);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void overviewListsEachAgentWithItsStateSessionOutboxAndLastError() {
        Document page = web.page("/");
        assertThat(page.select("[data-testid=live-badge]")).hasSize(1);
        Element row = page.selectFirst("[data-testid=agents] tr[data-agent-id=krios-1]");
        assertThat(row).isNotNull();
        // a session and a heartbeat, but no open steering connection: the agent is not online
        assertThat(row.selectFirst("[data-field=state]").text()).isEqualTo("offline");
        assertThat(row.selectFirst("[data-field=session]").text()).isEqualTo("run <1>");
        assertThat(row.selectFirst("[data-field=session] a").attr("href")).isEqualTo("/ui/acquisitions/" + ACQ);
        assertThat(row.selectFirst("[data-field=outbox-depth]").text()).isEqualTo("17");
        assertThat(row.selectFirst("[data-field=oldest-undelivered-age]").text())
                .isEqualTo("42.50 s");
        assertThat(row.selectFirst("[data-field=last-error]").text()).isEqualTo("refused: bad <field>");
    }

    @Test
    void overviewCountsEachAcquisitionAndLinksToItsPage() {
        Element row = web.page("/").selectFirst("[data-testid=acquisitions] tr[data-acquisition-uuid=" + ACQ + "]");
        assertThat(row).isNotNull();
        assertThat(row.selectFirst("a[href]").attr("href")).isEqualTo("/ui/acquisitions/" + ACQ);
        assertThat(row.selectFirst("a[href]").text()).isEqualTo("Krios <b>&</b> 'one'");
        assertThat(row.selectFirst("[data-count=squares]").text()).isEqualTo("4");
        assertThat(row.selectFirst("[data-count=holes]").text()).isEqualTo("3");
        assertThat(row.selectFirst("[data-count=micrographs]").text()).isEqualTo("3");
        // 3 micrographs over 2 hours: 2 intervals in 2 h
        assertThat(row.selectFirst("[data-field=micrographs-per-hour]").text()).isEqualTo("1");
        assertThat(row.selectFirst("[data-field=last-file-time] time").attr("datetime"))
                .isEqualTo("2026-12-07T12:00:00Z");
    }

    @Test
    void textFromTheInstrumentIsEscapedNotMarkup() throws Exception {
        HttpResponse<String> r = web.get("/");
        assertThat(r.body()).doesNotContain("<b>&</b>").contains("Krios &lt;b&gt;&amp;&lt;/b&gt; &#39;one&#39;");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    @Test
    void atlasDrawsEverySquareAtItsPositionAndSizeInItsState() {
        Document page = web.page("/ui/acquisitions/" + ACQ);
        Elements squares = page.select("svg[data-testid=atlas] [data-square-uuid]");
        assertThat(squares).hasSize(4);
        Element acquired = page.selectFirst("[data-square-uuid=" + SQ_ACQUIRED + "]");
        assertThat(acquired.attr("data-state")).isEqualTo("acquired");
        assertThat(acquired.attr("x")).isEqualTo("900.0"); // centre 1000, width 200
        assertThat(acquired.attr("y")).isEqualTo("1900.0");
        assertThat(acquired.attr("width")).isEqualTo("200.0");
        assertThat(page.selectFirst("[data-square-uuid=" + SQ_NEW + "]").attr("data-state"))
                .isEqualTo("not-visited");
        assertThat(page.selectFirst("[data-square-uuid=" + SQ_NEW + "]").attr("width"))
                .isEqualTo("240.0");
        assertThat(page.selectFirst("[data-square-uuid=" + SQ_UNUSABLE + "]").attr("data-state"))
                .isEqualTo("unusable");
        // the newest micrograph came from this square: EPU is still on it
        assertThat(page.selectFirst("[data-square-uuid=" + SQ_CURRENT + "]").attr("data-state"))
                .isEqualTo("in-progress");
        // clicking a square opens it
        assertThat(acquired.parent().attr("href")).isEqualTo("/ui/gridsquares/" + SQ_ACQUIRED);
        assertThat(page.select("[data-testid=legend] li")).hasSize(4);
        assertThat(page.selectFirst("[data-testid=count-squares]").text()).isEqualTo("4");
        assertThat(page.selectFirst("[data-testid=count-micrographs]").text()).isEqualTo("3");
    }

    @Test
    void acquisitionPageChartsMicrographsPerHourAndDefocus() {
        Document page = web.page("/ui/acquisitions/" + ACQ);
        // 10:00, 11:00 and 12:00: one micrograph in each of three hours
        assertThat(page.select("svg[data-testid=timeline] rect").eachAttr("data-count"))
                .containsExactly("1", "1", "1");
        long histogramTotal = page.select("svg[data-testid=defocus-histogram] rect").eachAttr("data-count").stream()
                .mapToLong(Long::parseLong)
                .sum();
        assertThat(histogramTotal).isEqualTo(3);
        // EPU's metres are shown in micrometres: the bins span -2.4 µm to -1.2 µm
        assertThat(page.selectFirst("svg[data-testid=defocus-histogram] rect title")
                        .text())
                .startsWith("-2.4");
        assertThat(page.selectFirst("body").attr("data-stream")).isEqualTo("/ui/events?acquisition=" + ACQ);
    }

    @Test
    void squarePageDrawsEveryHoleAtItsPixelCentreAndDiameter() {
        Document page = web.page("/ui/gridsquares/" + SQ_ACQUIRED);
        Elements holes = page.select("svg[data-testid=square-map] [data-hole-uuid]");
        assertThat(holes).hasSize(2);
        Element one = page.selectFirst("[data-hole-uuid=" + HOLE_1 + "]");
        assertThat(one.attr("data-foilhole-id")).isEqualTo("11");
        assertThat(one.attr("data-x")).isEqualTo("1200");
        assertThat(one.attr("data-y")).isEqualTo("800");
        assertThat(one.attr("data-diameter")).isEqualTo("150");
        assertThat(one.attr("cx")).isEqualTo("1200");
        assertThat(one.attr("r")).isEqualTo("75.0");
        assertThat(one.attr("data-near-grid-bar")).isEqualTo("false");
        assertThat(one.attr("data-acquired")).isEqualTo("true");
        Element nearBar = page.selectFirst("[data-hole-uuid=" + HOLE_NEAR_BAR + "]");
        assertThat(nearBar.attr("data-near-grid-bar")).isEqualTo("true");
        assertThat(nearBar.attr("data-acquired")).isEqualTo("false");
        assertThat(page.select("[data-testid=hole-micrographs] tr[data-micrograph-uuid]"))
                .isEmpty();
    }

    @Test
    void holesCanBeColouredByTheMeanOfAMetricOverTheirMicrographs() {
        Document page = web.page("/ui/gridsquares/" + SQ_ACQUIRED + "?colour=defocus");
        Element one = page.selectFirst("[data-hole-uuid=" + HOLE_1 + "]");
        // -1.2 µm and -2.4 µm: the mean, in micrometres
        assertThat(Double.parseDouble(one.attr("data-metric-value")))
                .isCloseTo(-1.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(one.attr("style")).startsWith("fill:#");
        assertThat(page.selectFirst("[data-hole-uuid=" + HOLE_NEAR_BAR + "]").attr("style"))
                .isEqualTo("fill:#fff");
        assertThat(page.selectFirst("[data-testid=metric-legend]").text()).startsWith("Defocus (µm)");
        assertThat(page.selectFirst("select[data-action=colour-by] option[selected]")
                        .attr("value"))
                .isEqualTo("defocus");
        assertThat(web.page("/ui/gridsquares/" + SQ_ACQUIRED)
                        .selectFirst("[data-hole-uuid=" + HOLE_1 + "]")
                        .hasAttr("style"))
                .isFalse();
        HttpResponse<String> bad = web.get("/ui/gridsquares/" + SQ_ACQUIRED + "?colour=sparkle");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("sparkle");
    }

    @Test
    void viridisRunsFromPurpleToYellow() {
        assertThat(Metric.colour(0)).isEqualTo("#440154");
        assertThat(Metric.colour(1)).isEqualTo("#fde725");
        assertThat(Metric.colour(0.5)).isEqualTo("#21918c");
    }

    @Test
    void clickingAHoleListsItsMicrographs() {
        Document square = web.page("/ui/gridsquares/" + SQ_ACQUIRED);
        // the href is relative to the square page: resolved as a browser does (RFC 3986)
        String href =
                square.selectFirst("[data-hole-uuid=" + HOLE_1 + "]").parent().absUrl("href");
        assertThat(href).contains("/ui/gridsquares/" + SQ_ACQUIRED + "?hole=" + HOLE_1);
        Document page = web.page(href);
        assertThat(page.select("[data-testid=hole-micrographs] tr[data-micrograph-uuid]")
                        .eachAttr("data-micrograph-uuid"))
                .containsExactlyInAnyOrder(MIC_1, MIC_2);
        assertThat(page.selectFirst("[data-testid=hole-micrographs] a[href]").attr("href"))
                .startsWith("/ui/micrographs/");
    }

    @Test
    void aHoleOfAnotherSquareIsANamedNotFound() {
        HttpResponse<String> r = web.get("/ui/gridsquares/" + SQ_ACQUIRED + "?hole=" + HOLE_CURRENT);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains(HOLE_CURRENT);
    }

    @Test
    void micrographPageListsItsMetadata() {
        Document page = web.page("/ui/micrographs/" + MIC_2);
        Element dl = page.selectFirst("dl[data-testid=micrograph-metadata]");
        assertThat(dl.select("dt").eachText()).contains("micrograph id", "defocus", "acquisition datetime");
        assertThat(dl.selectFirst("dd[data-field=defocus]").text()).isEqualTo("-2.4E-6");
        assertThat(dl.selectFirst("dd[data-field=micrograph_id]").text()).isEqualTo("FoilHole_11_Data_2");
    }

    @Test
    void anUnknownAcquisitionIsAProblemNotAPage() {
        HttpResponse<String> r = web.get("/ui/acquisitions/" + UUID.randomUUID());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void assetsAreServedWithCacheHeadersAndUnknownOnesAre404() {
        HttpResponse<String> js = web.get("/ui/assets/dashboard.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
        assertThat(js.body()).contains("EventSource");
        assertThat(web.get("/ui/assets/..%2Fdashboard.js").statusCode()).isEqualTo(404);
        assertThat(web.get("/ui/assets/nope.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theSteeringFormSendsASkipToTheAcquisitionsAgentSession() {
        Document page = web.page("/ui/acquisitions/" + ACQ);
        assertThat(page.select("[data-testid=steering]")).hasSize(1);
        assertThat(page.select("button[data-action=skip]")).hasSize(1);
        assertThat(page.select("button[data-action=reorder]")).hasSize(1);
        String csrf = page.selectFirst("#steering-form input[name=csrf]").attr("value");
        String action = page.selectFirst("#steering-form").attr("action");

        // without the page's CSRF token the post is refused and nothing is created
        HttpResponse<String> forged =
                web.postForm(action, List.of(new String[] {"action", "skip"}, new String[] {"squares", SQ_NEW}));
        assertThat(forged.statusCode()).isEqualTo(403);

        HttpResponse<String> sent = web.postForm(
                action,
                List.of(
                        new String[] {"csrf", csrf},
                        new String[] {"action", "reorder"},
                        new String[] {"squares", SQ_NEW},
                        new String[] {"squares", SQ_ACQUIRED}));
        assertThat(sent.statusCode()).isEqualTo(303);
        JsonNode instructions = server.get("/agent/krios-1/session/" + session + "/instructions")
                .json();
        assertThat(instructions).hasSize(1);
        assertThat(instructions.get(0).get("instruction_type").asText())
                .isEqualTo("microscope.control.reorder_gridsquares");
        assertThat(instructions.get(0).get("payload").get("gridsquare_ids").toString())
                .isEqualTo("[1002,1001]");

        Element logRow = web.page("/ui/acquisitions/" + ACQ)
                .selectFirst("[data-testid=instruction-log] tr[data-instruction-id="
                        + instructions.get(0).get("instruction_id").asText() + "]");
        assertThat(logRow.selectFirst("[data-field=status]").text()).isEqualTo("pending");
    }

    @Test
    void aSteeringPostWithoutSquaresOrWithAForeignSquareIsRefusedByName() {
        Document page = web.page("/ui/acquisitions/" + ACQ);
        String csrf = page.selectFirst("#steering-form input[name=csrf]").attr("value");
        String action = page.selectFirst("#steering-form").attr("action");
        HttpResponse<String> none =
                web.postForm(action, List.of(new String[] {"csrf", csrf}, new String[] {"action", "skip"}));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("squares");
        String foreign = UUID.randomUUID().toString();
        HttpResponse<String> other = web.postForm(
                action,
                List.of(new String[] {"csrf", csrf}, new String[] {"action", "skip"}, new String[] {"squares", foreign
                }));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains(foreign);
        HttpResponse<String> badAction = web.postForm(
                action,
                List.of(new String[] {"csrf", csrf}, new String[] {"action", "explode"}, new String[] {"squares", SQ_NEW
                }));
        assertThat(badAction.statusCode()).isEqualTo(422);
        assertThat(badAction.body()).contains("explode");
    }

    @Test
    void anActiveSessionLinkedToNoAcquisitionIsOfferedAfterTheLinkedOneAndCanBeSteered() {
        TestServer.Response unlinked = server.post("/agent/krios-2/sessions", map("name", "no acquisition yet"));
        created(unlinked);
        String unlinkedId = unlinked.json().get("session_id").asText();
        Document page = web.page("/ui/acquisitions/" + ACQ);
        assertThat(page.select("#steering-form select[name=session] option").eachAttr("value"))
                .containsExactly(session, unlinkedId);
        String csrf = page.selectFirst("#steering-form input[name=csrf]").attr("value");
        String action = page.selectFirst("#steering-form").attr("action");
        HttpResponse<String> sent = web.postForm(
                action,
                List.of(
                        new String[] {"csrf", csrf},
                        new String[] {"action", "skip"},
                        new String[] {"squares", SQ_NEW},
                        new String[] {"session", unlinkedId}));
        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(server.get("/agent/krios-2/session/" + unlinkedId + "/instructions")
                        .json())
                .hasSize(1);
        String unknown = UUID.randomUUID().toString();
        HttpResponse<String> refused = web.postForm(
                action,
                List.of(
                        new String[] {"csrf", csrf},
                        new String[] {"action", "skip"},
                        new String[] {"squares", SQ_NEW},
                        new String[] {"session", unknown}));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains(unknown);
    }

    @Test
    void micrographsExportAsCsvWithTheirSquareAndHoleAndDefocusInMicrometres() {
        Document page = web.page("/ui/acquisitions/" + ACQ);
        HttpResponse<String> r =
                web.get(page.selectFirst("a[data-testid=micrographs-csv]").attr("href"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = r.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("micrograph_uuid,micrograph_id,gridsquare_id,foilhole_id,");
        assertThat(lines).hasSize(4);
        String mic2 =
                lines.stream().filter(l -> l.startsWith(MIC_2)).findFirst().orElseThrow();
        assertThat(mic2.split(",", -1)).startsWith(MIC_2, "FoilHole_11_Data_2", "1001", "11", "2026-12-07T11:00:00Z");
        assertThat(Double.parseDouble(mic2.split(",", -1)[5]))
                .isCloseTo(-2.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void csvFieldsAreQuotedAndInstrumentTextNeverRunsAsAFormula() {
        assertThat(Csv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(Csv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Csv.field("=cmd()")).isEqualTo("'=cmd()");
        assertThat(Csv.field(-2.5)).isEqualTo("-2.5");
        assertThat(Csv.field(null)).isEmpty();
    }

    // ---- data through the REST API

    private void square(String uuid, String id, long cx, long cy, long size, boolean unusable) {
        created(server.post(
                "/grids/" + GRID + "/gridsquares",
                map(
                        "uuid",
                        uuid,
                        "gridsquare_id",
                        id,
                        "grid_uuid",
                        GRID,
                        "center_x",
                        cx,
                        "center_y",
                        cy,
                        "size_width",
                        size,
                        "size_height",
                        size,
                        "unusable",
                        unusable)));
    }

    private Map<String, Object> hole(
            String uuid, String id, String squareId, String square, long x, long y, long d, boolean nearBar) {
        return map(
                "uuid",
                uuid,
                "foilhole_id",
                id,
                "gridsquare_id",
                squareId,
                "gridsquare_uuid",
                square,
                "x_location",
                x,
                "y_location",
                y,
                "diameter",
                d,
                "is_near_grid_bar",
                nearBar);
    }

    private void micrograph(String uuid, String hole, String holeId, String id, String time, double defocus) {
        created(server.post(
                "/foilholes/" + hole + "/micrographs",
                map(
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
                        defocus)));
    }

    private static void created(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
