package io.sightline.server.web;

import static io.sightline.server.web.DashboardPagesTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The map features as the server renders them (docs/dashboard.md: colour by metric on the atlas, the bins
 * linked selection reads, hole steering, the fast-monitoring panel), over data written through the REST
 * API to a real server: H2 here, PostgreSQL in {@link DashboardMapsOnPostgresTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMapsTest {
    TestDatabase database() {
        return TestDatabase.h2();
    }

    private TestServer server;
    private WebClient web;
    private final String acq = UUID.randomUUID().toString();
    private final String grid = UUID.randomUUID().toString();
    private final String sqA = UUID.randomUUID().toString();
    private final String sqB = UUID.randomUUID().toString();
    private final String sqEmpty = UUID.randomUUID().toString();
    private final String hole1 = UUID.randomUUID().toString();
    private final String hole2 = UUID.randomUUID().toString();
    private final String hole3 = UUID.randomUUID().toString();
    private final String holeB = UUID.randomUUID().toString();
    private String session;

    @BeforeAll
    void start() {
        server = TestServer.start(database());
        web = new WebClient(server.uri("/"));
        ok(server.post("/acquisitions", map("uuid", acq, "name", "maps")));
        ok(server.post("/acquisitions/" + acq + "/grids", map("uuid", grid, "name", "g", "acquisition_uuid", acq)));
        square(sqA, "201", 1000);
        square(sqB, "202", 3000);
        square(sqEmpty, "203", 5000);
        ok(server.post(
                "/gridsquares/" + sqA + "/foilholes",
                List.of(
                        hole(hole1, "21", "201", sqA, 100),
                        hole(hole2, "22", "201", sqA, 300),
                        hole(hole3, "23", "201", sqA, 500))));
        ok(server.post("/gridsquares/" + sqB + "/foilholes", List.of(hole(holeB, "31", "202", sqB, 100))));
        // defocus (µm): square A -1 and -3 (mean -2), square B -5; 20 bins from -5 to -1, 0.2 µm each
        micrograph(hole1, "21", "2026-12-07T10:00:00Z", -1.0);
        micrograph(hole2, "22", "2026-12-07T10:30:00Z", -3.0);
        micrograph(holeB, "31", "2026-12-07T12:10:00Z", -5.0);
        TestServer.Response s = server.post("/agent/krios-m/sessions", map("name", "maps", "acquisition_uuid", acq));
        ok(s);
        session = s.json().get("session_id").asText();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theAtlasColoursSquaresByTheMeanOverTheirMicrographsAndMarksThoseWithout() {
        Document page = web.page("/ui/acquisitions/" + acq + "?colour=defocus");
        assertThat(square(page, sqA).attr("data-metric-value")).isEqualTo("-2.0");
        assertThat(square(page, sqB).attr("data-metric-value")).isEqualTo("-5.0");
        assertThat(square(page, sqB).attr("style")).isEqualTo("fill:" + Metric.colour(0));
        assertThat(square(page, sqA).attr("style")).isEqualTo("fill:" + Metric.colour(1));
        assertThat(square(page, sqEmpty).hasAttr("data-metric-value")).isFalse();
        assertThat(square(page, sqEmpty).attr("data-no-value")).isEqualTo("true");
        assertThat(page.selectFirst("[data-testid=metric-legend]").text())
                .contains("Defocus")
                .contains("-5");
        assertThat(page.selectFirst("select[data-action=colour-by] option[selected]")
                        .attr("value"))
                .isEqualTo("defocus");
        // the state colouring carries no metric
        assertThat(square(web.page("/ui/acquisitions/" + acq), sqA).hasAttr("data-metric-value"))
                .isFalse();
    }

    @Test
    void theAtlasColoursSquaresByAModelsPredictionAndAnUnknownColourIsA422() {
        ok(server.post("/prediction_models", map("name", "quality")));
        ok(server.post(
                "/quality_predictions", map("prediction_model_name", "quality", "value", 0.7, "gridsquare_uuid", sqB)));
        Document page = web.page("/ui/acquisitions/" + acq + "?colour=prediction:quality");
        assertThat(square(page, sqB).attr("data-metric-value")).isEqualTo("0.7");
        assertThat(square(page, sqA).attr("data-no-value")).isEqualTo("true");

        HttpResponse<String> unknown = web.get("/ui/acquisitions/" + acq + "?colour=prediction:absent");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("absent");
        HttpResponse<String> bad = web.get("/ui/acquisitions/" + acq + "?colour=ice");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("'ice'");
    }

    @Test
    void squaresAndHolesNameTheHistogramAndTimelineBarsTheirMicrographsAreCountedIn() {
        Document page = web.page("/ui/acquisitions/" + acq);
        // -1 µm is the maximum: the last bar; -3 µm is bar 10; -5 µm bar 0
        assertThat(square(page, sqA).attr("data-defocus-bins")).isEqualTo("10:1 19:1");
        assertThat(square(page, sqB).attr("data-defocus-bins")).isEqualTo("0:1");
        assertThat(square(page, sqEmpty).attr("data-defocus-bins")).isEmpty();
        // the timeline starts at 10:00: A's two in hour 0, B's in hour 2
        assertThat(square(page, sqA).attr("data-hour-bins")).isEqualTo("0:2");
        assertThat(square(page, sqB).attr("data-hour-bins")).isEqualTo("2:1");
        Element histogram = page.selectFirst("svg[data-testid=defocus-histogram]");
        assertThat(histogram.attr("data-brushable")).isEqualTo("true");
        assertThat(histogram.attr("tabindex")).isEqualTo("0");
        assertThat(histogram.select("rect.bar[data-bin=10]").attr("data-count")).isEqualTo("1");
        assertThat(page.select("svg[data-testid=timeline] rect.bar")).hasSize(3);

        Document squarePage = web.page("/ui/gridsquares/" + sqA);
        // the square's own histogram: -3 to -1 µm
        assertThat(squarePage.selectFirst("[data-hole-uuid=" + hole1 + "]").attr("data-defocus-bins"))
                .isEqualTo("19:1");
        assertThat(squarePage.selectFirst("[data-hole-uuid=" + hole2 + "]").attr("data-defocus-bins"))
                .isEqualTo("0:1");
        assertThat(squarePage.selectFirst("[data-hole-uuid=" + hole3 + "]").attr("data-defocus-bins"))
                .isEmpty();
    }

    @Test
    void theHoleFormSendsAReorderOfTheSquaresFoilHolesInThePickedOrder() {
        Document page = web.page("/ui/gridsquares/" + sqA);
        assertThat(page.select("[data-testid=steering] input[data-action=select-holes-mode]"))
                .hasSize(1);
        assertThat(page.select("button[data-action=reorder-holes]")).hasSize(1);
        String csrf = page.selectFirst("#hole-steering-form input[name=csrf]").attr("value");
        String action = page.selectFirst("#hole-steering-form").attr("action");

        assertThat(web.postForm(action, List.of(new String[] {"action", "reorder"}, new String[] {"holes", hole1}))
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        HttpResponse<String> foreign = web.postForm(
                action,
                List.of(new String[] {"csrf", csrf}, new String[] {"action", "reorder"}, new String[] {"holes", holeB
                }));
        assertThat(foreign.statusCode()).isEqualTo(422);
        assertThat(foreign.body()).contains(holeB);
        HttpResponse<String> none =
                web.postForm(action, List.of(new String[] {"csrf", csrf}, new String[] {"action", "reorder"}));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains("holes");
        assertThat(instructions("microscope.control.reorder_foilholes")).isEmpty();

        HttpResponse<String> sent = web.postForm(
                action,
                List.of(
                        new String[] {"csrf", csrf},
                        new String[] {"action", "reorder"},
                        new String[] {"holes", hole3},
                        new String[] {"holes", hole1}));
        assertThat(sent.statusCode()).isEqualTo(303);
        List<JsonNode> instructions = instructions("microscope.control.reorder_foilholes");
        assertThat(instructions).hasSize(1);
        assertThat(instructions.get(0).get("payload").toString())
                .isEqualTo("{\"gridsquare_id\":201,\"foilhole_ids\":[23,21]}");
        assertThat(web.page("/ui/gridsquares/" + sqA)
                        .select("[data-testid=instruction-log] tr[data-instruction-id="
                                + instructions.get(0).get("instruction_id").asText() + "]"))
                .hasSize(1);
    }

    @Test
    void theHoleFormSkipsTheSquaresFoilHolesAndRefusesHolesOfAnotherSquareNamingTheField() {
        Document page = web.page("/ui/gridsquares/" + sqA);
        assertThat(page.select("#hole-steering-form button[data-action=skip-holes][value=skip]"))
                .hasSize(1);
        String csrf = page.selectFirst("#hole-steering-form input[name=csrf]").attr("value");
        String action = page.selectFirst("#hole-steering-form").attr("action");

        HttpResponse<String> foreign = web.postForm(
                action,
                List.of(
                        new String[] {"csrf", csrf},
                        new String[] {"action", "skip"},
                        new String[] {"holes", hole2},
                        new String[] {"holes", holeB}));
        assertThat(foreign.statusCode()).isEqualTo(422);
        assertThat(foreign.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(foreign.body());
        assertThat(problem.get("errors")).hasSize(1);
        assertThat(problem.get("errors").get(0).get("loc").toString()).isEqualTo("[\"form\",\"holes\",\"1\"]");
        assertThat(problem.get("errors").get(0).get("msg").asText())
                .isEqualTo("foil hole " + holeB + " is not on grid square " + sqA);
        HttpResponse<String> none =
                web.postForm(action, List.of(new String[] {"csrf", csrf}, new String[] {"action", "skip"}));
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(json(none.body()).get("errors").get(0).get("loc").toString()).isEqualTo("[\"form\",\"holes\"]");
        HttpResponse<String> unknown = web.postForm(
                action,
                List.of(new String[] {"csrf", csrf}, new String[] {"action", "delete"}, new String[] {"holes", hole1}));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json(unknown.body()).get("errors").get(0).get("loc").toString())
                .isEqualTo("[\"form\",\"action\"]");
        assertThat(instructions("microscope.control.skip_foilholes")).isEmpty();

        HttpResponse<String> sent = web.postForm(
                action,
                List.of(
                        new String[] {"csrf", csrf},
                        new String[] {"action", "skip"},
                        new String[] {"holes", hole2},
                        new String[] {"holes", hole3},
                        new String[] {"holes", hole2}));
        assertThat(sent.statusCode()).isEqualTo(303);
        List<JsonNode> skips = instructions("microscope.control.skip_foilholes");
        assertThat(skips).hasSize(1);
        assertThat(skips.get(0).get("payload").toString())
                .as("each hole once, in the order picked")
                .isEqualTo("{\"gridsquare_id\":201,\"foilhole_ids\":[22,23]}");
        assertThat(web.page("/ui/gridsquares/" + sqA)
                        .select("[data-testid=instruction-log] tr[data-instruction-id="
                                + skips.get(0).get("instruction_id").asText() + "]"))
                .hasSize(1);
    }

    /** The session's instructions of one type, as the API lists them. */
    private List<JsonNode> instructions(String type) {
        List<JsonNode> out = new java.util.ArrayList<>();
        server.get("/agent/krios-m/session/" + session + "/instructions").json().forEach(i -> {
            if (i.get("instruction_type").asText().equals(type)) {
                out.add(i);
            }
        });
        return out;
    }

    private static JsonNode json(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theFastMonitoringPanelCountsEachRunsStfsAndSamplesAndListsTheNewestSamplesFirst() {
        assertThat(web.page("/").select("a[data-testid=fastmon-link][href=/ui/fastmon]"))
                .hasSize(1);
        ok(server.post(
                "/api/fastmon-files/bulk/",
                "{\"run_number\":4242,\"stf\":{\"stf_filename\":\"swf.004242.000001.stf\",\"tf_count\":100},"
                        + "\"samples\":[{\"tf_filename\":\"a.tf\",\"tf_first\":0,\"tf_last\":9},"
                        + "{\"tf_filename\":\"b.tf\",\"tf_first\":10,\"tf_last\":19}]}"));
        ok(server.post(
                "/api/fastmon-files/bulk/",
                "{\"run_number\":4242,\"stf\":{\"stf_filename\":\"swf.004242.000002.stf\",\"tf_count\":100},"
                        + "\"samples\":[{\"tf_filename\":\"c.tf\",\"tf_first\":0,\"tf_last\":9}]}"));
        Document page = web.page("/ui/fastmon");
        Element run = page.selectFirst("[data-testid=fastmon-runs] tr[data-run-number=4242]");
        assertThat(run.selectFirst("[data-count=stf]").text()).isEqualTo("2");
        assertThat(run.selectFirst("[data-count=tf]").text()).isEqualTo("3");
        assertThat(page.select("[data-testid=fastmon-samples] tr[data-tf-filename]")
                        .eachAttr("data-tf-filename"))
                .containsExactly("c.tf", "b.tf", "a.tf");
        assertThat(page.selectFirst("[data-refresh-on]").attr("data-refresh-on"))
                .contains("tf_file_registered");
    }

    // ---- data through the REST API

    private static Element square(Document page, String uuid) {
        return page.selectFirst("svg[data-testid=atlas] [data-square-uuid=" + uuid + "]");
    }

    private void square(String uuid, String id, long cx) {
        ok(server.post(
                "/grids/" + grid + "/gridsquares",
                map(
                        "uuid",
                        uuid,
                        "gridsquare_id",
                        id,
                        "grid_uuid",
                        grid,
                        "center_x",
                        cx,
                        "center_y",
                        1000,
                        "size_width",
                        200,
                        "size_height",
                        200)));
    }

    private static java.util.Map<String, Object> hole(String uuid, String id, String squareId, String square, long x) {
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
                100,
                "diameter",
                50);
    }

    private void micrograph(String hole, String holeId, String time, double defocus) {
        ok(server.post(
                "/foilholes/" + hole + "/micrographs",
                map(
                        "uuid",
                        UUID.randomUUID().toString(),
                        "foilhole_uuid",
                        hole,
                        "foilhole_id",
                        holeId,
                        "micrograph_id",
                        "m" + time,
                        "acquisition_datetime",
                        time,
                        "defocus",
                        defocus)));
    }

    private static void ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
