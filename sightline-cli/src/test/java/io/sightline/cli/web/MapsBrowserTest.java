package io.sightline.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard's map features (issue 13, docs/dashboard.md "Colour by metric", "Linked selection", "Steering
 * holes", "Fast monitoring") in a real headless chromium against a real server fed by the real agent from a
 * simulated microscope. The expected values are computed here from the REST API, not from the page.
 */
@ExtendWith(BrowserExtension.class)
class MapsBrowserTest {
    private static final String MARK = "window.__sightlineTestMark = 'opened once'";
    private static final String MARKED = "return window.__sightlineTestMark === 'opened once'";

    @TempDir
    Path temp;

    /** What the server holds about each micrograph: its square and its defocus in µm. */
    record Shot(String square, String hole, Double defocusUm) {}

    private static List<Shot> shots(LiveAcquisition live) {
        Map<String, String> squareOfHole = new HashMap<>();
        for (JsonNode hole : live.read("/foilholes?limit=10000")) {
            squareOfHole.put(
                    hole.path("uuid").asText(), hole.path("gridsquare_uuid").asText());
        }
        List<Shot> out = new ArrayList<>();
        for (JsonNode m : live.read("/micrographs?limit=10000")) {
            String hole = m.path("foilhole_uuid").asText();
            JsonNode d = m.get("defocus");
            Double um = d == null || !d.isNumber()
                    ? null
                    : Math.abs(d.asDouble()) < 1e-3 ? d.asDouble() * 1e6 : d.asDouble();
            out.add(new Shot(squareOfHole.get(hole), hole, um));
        }
        return out;
    }

    private static LiveAcquisition written(Path temp) throws Exception {
        LiveAcquisition live = LiveAcquisition.open(temp).startAgent().startWriting(DashboardBrowserTest.session(0));
        var written = live.awaitWritten();
        live.awaitList("/micrographs", written.micrographCount());
        return live;
    }

    @Test
    void theAtlasColoursEachSquareByTheMeanOfItsMicrographsOrAModelsPredictionWithALegend(Browser browser)
            throws Exception {
        try (LiveAcquisition live = written(temp)) {
            String acquisition = live.acquisitionUuid();
            Map<String, List<Double>> bySquare = new HashMap<>();
            for (Shot s : shots(live)) {
                if (s.defocusUm() != null) {
                    bySquare.computeIfAbsent(s.square(), k -> new ArrayList<>()).add(s.defocusUm());
                }
            }
            assertThat(bySquare)
                    .as("the simulation gives some squares micrographs with defocus")
                    .isNotEmpty();

            browser.open(live.page("/ui/acquisitions/" + acquisition));
            new Select(browser.awaitElement("select[data-action=colour-by]")).selectByValue("defocus");
            browser.await(
                    "the atlas coloured by defocus", d -> d.getCurrentUrl().contains("colour=defocus"));
            browser.awaitElement("[data-testid=metric-legend]");
            Map<String, Map<String, String>> squares = squares(browser);
            assertThat(squares).hasSize(DashboardBrowserTest.session(0).squares());
            double low =
                    bySquare.values().stream().mapToDouble(v -> mean(v)).min().orElseThrow();
            for (var e : squares.entrySet()) {
                List<Double> values = bySquare.get(e.getKey());
                if (values == null) {
                    assertThat(e.getValue().get("noValue"))
                            .as("square %s has no micrograph", e.getKey())
                            .isEqualTo("true");
                    assertThat(e.getValue().get("value")).isNull();
                } else {
                    assertThat(Double.parseDouble(e.getValue().get("value")))
                            .as("mean defocus of square %s", e.getKey())
                            .isCloseTo(mean(values), within(1e-9));
                    if (mean(values) == low) {
                        assertThat(e.getValue().get("fill"))
                                .as("the lowest mean is viridis' dark end")
                                .isEqualTo("rgb(68, 1, 84)");
                    }
                }
            }
            assertThat(browser.text("[data-testid=metric-legend]")).contains("Defocus");

            // a model's predictions: the square's own
            String[] predicted = bySquare.keySet().stream().limit(2).toArray(String[]::new);
            assertThat(live.server()
                            .post("/prediction_models", Map.of("name", "ice"))
                            .status())
                    .isEqualTo(201);
            assertThat(live.server()
                            .post(
                                    "/quality_predictions",
                                    Map.of(
                                            "prediction_model_name",
                                            "ice",
                                            "value",
                                            0.2,
                                            "gridsquare_uuid",
                                            predicted[0]))
                            .status())
                    .isEqualTo(201);
            assertThat(live.server()
                            .post(
                                    "/quality_predictions",
                                    Map.of(
                                            "prediction_model_name",
                                            "ice",
                                            "value",
                                            0.9,
                                            "gridsquare_uuid",
                                            predicted[1]))
                            .status())
                    .isEqualTo(201);
            browser.open(live.page("/ui/acquisitions/" + acquisition));
            new Select(browser.awaitElement("select[data-action=colour-by]")).selectByValue("prediction:ice");
            browser.await("coloured by the model", d -> d.getCurrentUrl().contains("colour=prediction"));
            browser.awaitElement("[data-testid=metric-legend]");
            squares = squares(browser);
            assertThat(squares.get(predicted[0]).get("value")).isEqualTo("0.2");
            assertThat(squares.get(predicted[1]).get("value")).isEqualTo("0.9");
            assertThat(squares.get(predicted[1]).get("fill"))
                    .as("the highest is viridis' yellow end")
                    .isEqualTo("rgb(253, 231, 37)");
            assertThat(squares.values().stream()
                            .filter(s -> "true".equals(s.get("noValue")))
                            .count())
                    .isEqualTo(squares.size() - 2);

            // a colour that does not exist is a 422 naming it
            TestServer.Response bad = live.server().get("/ui/acquisitions/" + acquisition + "?colour=prediction:nope");
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.body()).contains("nope");
        }
    }

    @Test
    void brushingTheDefocusHistogramByDragOrKeysHighlightsTheSquaresAndHolesWithMicrographsInThatRange(Browser browser)
            throws Exception {
        try (LiveAcquisition live = written(temp)) {
            String acquisition = live.acquisitionUuid();
            List<Shot> shots =
                    shots(live).stream().filter(s -> s.defocusUm() != null).toList();
            double min = shots.stream().mapToDouble(Shot::defocusUm).min().orElseThrow();
            double max = shots.stream().mapToDouble(Shot::defocusUm).max().orElseThrow();
            assertThat(max).as("the simulated defocus varies").isGreaterThan(min);

            browser.open(live.page("/ui/acquisitions/" + acquisition));
            browser.awaitElement("svg[data-testid=defocus-histogram]");
            assertThat(browser.findAll("svg[data-testid=defocus-histogram] rect.bar"))
                    .hasSize(20);
            // drag from the middle of bar 0 to the middle of bar 9 (of 20 equal bars); the page swaps the
            // chart when its stream opens, so the drag is tried again on the fresh one if it went stale
            browser.await("a drag over bars 0-9", d -> {
                WebElement histogram = browser.find("svg[data-testid=defocus-histogram]");
                int width = histogram.getRect().getWidth();
                new Actions(d)
                        .moveToElement(histogram, -width / 2 + width / 40, 0)
                        .clickAndHold()
                        .moveToElement(histogram, -width / 2 + width * 19 / 40, 0)
                        .release()
                        .perform();
                return true;
            });
            browser.await("the brush over bars 0-9", d -> "0 9".equals(brush(browser)));
            assertThat(highlighted(browser, "svg[data-testid=atlas] [data-square-uuid]"))
                    .isEqualTo(expected(shots, min, max, 0, 9, Shot::square));
            assertThat(browser.text("[data-testid=brush]")).contains("highlighted");

            // the keyboard: the first bar, then widened by one
            keys(browser, Keys.ESCAPE);
            browser.await("cleared", d -> browser.findAll("[data-highlighted]").isEmpty());
            keys(browser, Keys.ARROW_RIGHT);
            browser.await("a one-bar brush", d -> "0 0".equals(brush(browser)));
            keys(browser, Keys.chord(Keys.SHIFT, Keys.ARROW_RIGHT));
            browser.await("widened", d -> "0 1".equals(brush(browser)));
            assertThat(highlighted(browser, "svg[data-testid=atlas] [data-square-uuid]"))
                    .isEqualTo(expected(shots, min, max, 0, 1, Shot::square));

            // the square page: its own histogram highlights its holes
            String square = shots.getFirst().square();
            List<Shot> ofSquare =
                    shots.stream().filter(s -> s.square().equals(square)).toList();
            double smin = ofSquare.stream().mapToDouble(Shot::defocusUm).min().orElseThrow();
            double smax = ofSquare.stream().mapToDouble(Shot::defocusUm).max().orElseThrow();
            browser.open(live.page("/ui/gridsquares/" + square));
            browser.awaitElement("svg[data-testid=defocus-histogram]");
            int bars = browser.findAll("svg[data-testid=defocus-histogram] rect.bar")
                    .size();
            keys(browser, Keys.ARROW_LEFT); // the last bar
            browser.await("the last bar brushed", d -> ((bars - 1) + " " + (bars - 1)).equals(brush(browser)));
            Set<String> expectedHoles = smax > smin
                    ? expected(ofSquare, smin, smax, bars - 1, bars - 1, Shot::hole)
                    : new HashSet<>(ofSquare.stream().map(Shot::hole).toList());
            assertThat(expectedHoles).isNotEmpty();
            assertThat(highlighted(browser, "svg[data-testid=square-map] [data-hole-uuid]"))
                    .isEqualTo(expectedHoles);
        }
    }

    @Test
    void squaresSelectedOnTheAtlasFilterTheTimelineAndTheDefocusHistogram(Browser browser) throws Exception {
        try (LiveAcquisition live = written(temp)) {
            String acquisition = live.acquisitionUuid();
            Map<String, Long> perSquare = new TreeMap<>();
            for (Shot s : shots(live)) {
                perSquare.merge(s.square(), 1L, Long::sum);
            }
            List<String> visited = new ArrayList<>(perSquare.keySet());
            assertThat(visited).hasSizeGreaterThanOrEqualTo(2);

            browser.open(live.page("/ui/acquisitions/" + acquisition));
            browser.awaitElement("svg[data-testid=atlas]");
            browser.script(MARK);
            browser.find("input[data-tool=filter-mode]").click();
            browser.click("svg[data-testid=atlas] [data-square-uuid='" + visited.get(0) + "']");
            browser.await(
                    "the charts filtered to one square",
                    d -> filtered(browser, "defocus-histogram") == perSquare.get(visited.get(0)));
            assertThat(filtered(browser, "timeline")).isEqualTo(perSquare.get(visited.get(0)));
            assertThat(browser.text("[data-testid=chart-filter]")).contains("1 selected square");
            assertThat(browser.script(MARKED))
                    .as("the click filtered, it did not open the square")
                    .isEqualTo(true);

            browser.click("svg[data-testid=atlas] [data-square-uuid='" + visited.get(1) + "']");
            long both = perSquare.get(visited.get(0)) + perSquare.get(visited.get(1));
            browser.await("the charts filtered to two squares", d -> filtered(browser, "defocus-histogram") == both);
            assertThat(filtered(browser, "timeline")).isEqualTo(both);

            browser.click("button[data-tool=clear-filter]");
            browser.await(
                    "every square again",
                    d -> browser.findAll("svg[data-testid=timeline] rect[data-filtered-count]")
                            .isEmpty());
            assertThat(browser.text("[data-testid=chart-filter]")).contains("every square");
        }
    }

    @Test
    void holesSelectedOnTheSquarePageAreReorderedByTheRunningAgentAndItsAcknowledgementAppears(Browser browser)
            throws Exception {
        try (LiveAcquisition live = written(temp)) {
            String acquisition = live.acquisitionUuid();
            live.steerAcquisition(acquisition);
            List<Shot> shots = shots(live);
            String square = shots.getFirst().square();
            JsonNode squareJson = live.read("/gridsquares/" + square);
            List<JsonNode> holes = new ArrayList<>();
            live.read("/gridsquares/" + square + "/foilholes?limit=10000").forEach(holes::add);
            assertThat(holes).hasSizeGreaterThanOrEqualTo(2);

            browser.open(live.page("/ui/gridsquares/" + square));
            browser.awaitElement("[data-testid=steering]");
            browser.script(MARK);
            browser.find("input[data-action=select-holes-mode]").click();
            // picked second hole first: the order picked is the order sent
            browser.click("svg[data-testid=square-map] [data-hole-uuid='"
                    + holes.get(1).path("uuid").asText() + "']");
            // the second by keyboard: focus on the hole (as Tab gives it), then Enter
            browser.await("Enter on the focused hole", d -> {
                browser.script(
                        "document.querySelector(\"a[data-hole-link='\" + arguments[0] + \"']\").focus()",
                        holes.get(0).path("uuid").asText());
                d.switchTo().activeElement().sendKeys(Keys.ENTER);
                return true;
            });
            browser.await(
                    "two holes selected",
                    d -> browser.text("[data-testid=hole-selection]").startsWith("2 "));
            browser.click("button[data-action=reorder-holes]");

            String id = awaitProcessedLive(browser);

            List<JsonNode> decisions = live.athena().decisions().stream()
                    .filter(d -> d.path("details").asText().equals("sightline instruction " + id))
                    .toList();
            assertThat(decisions)
                    .extracting(d -> d.path("decisionType").asText())
                    .containsOnly("acquisitionOrder");
            assertThat(decisions)
                    .extracting(d -> d.path("areaId").asText() + "="
                            + d.path("decisionValue").asText())
                    .containsExactlyInAnyOrder(
                            holes.get(1).path("foilhole_id").asText() + "=1",
                            holes.get(0).path("foilhole_id").asText() + "=2");
            assertThat(live.athena().areas().stream()
                            .filter(a -> a.path("areaType").asText().equalsIgnoreCase("foilhole"))
                            .map(a -> a.path("parentId").asText()))
                    .contains(squareJson.path("gridsquare_id").asText());
        }
    }

    @Test
    void holesSkippedOnTheSquarePageReachAthenaAsOneFoilHoleSelectionAndTheLogTurnsProcessedLive(Browser browser)
            throws Exception {
        try (LiveAcquisition live = written(temp)) {
            String acquisition = live.acquisitionUuid();
            live.steerAcquisition(acquisition);
            String square = shots(live).getFirst().square();
            JsonNode squareJson = live.read("/gridsquares/" + square);
            List<JsonNode> holes = new ArrayList<>();
            live.read("/gridsquares/" + square + "/foilholes?limit=10000").forEach(holes::add);
            assertThat(holes).hasSizeGreaterThanOrEqualTo(3);

            browser.open(live.page("/ui/gridsquares/" + square));
            browser.awaitElement("[data-testid=steering]");
            browser.script(MARK);
            browser.find("input[data-action=select-holes-mode]").click();
            for (int i : new int[] {2, 0}) {
                browser.click("svg[data-testid=square-map] [data-hole-uuid='"
                        + holes.get(i).path("uuid").asText() + "']");
            }
            browser.await(
                    "two holes selected",
                    d -> browser.text("[data-testid=hole-selection]").startsWith("2 "));
            browser.click("button[data-action=skip-holes]");

            String id = awaitProcessedLive(browser);
            assertThat(browser.text("[data-testid=hole-selection]")).startsWith("0 ");

            List<JsonNode> decisions = live.athena().decisions().stream()
                    .filter(d -> d.path("details").asText().equals("sightline instruction " + id))
                    .toList();
            assertThat(decisions).hasSize(1);
            JsonNode decision = decisions.getFirst();
            assertThat(decision.path("decisionType").asText()).isEqualTo("foilHoleSelection");
            assertThat(decision.path("areaId").asText())
                    .isEqualTo(squareJson.path("gridsquare_id").asText());
            assertThat(decision.path("decisionValue").asText())
                    .isEqualTo("[{\"areaId\":"
                            + holes.get(2).path("foilhole_id").asText() + ",\"result\":\"false\"}," + "{\"areaId\":"
                            + holes.get(0).path("foilhole_id").asText() + ",\"result\":\"false\"}]");
            assertThat(live.athena().rejections()).isEmpty();
        }
    }

    @Test
    void aViewerSeesNoHoleControlsAndTheServerRefusesAHolePostSentAnyway(Browser browser) throws Exception {
        try (LiveAcquisition live =
                LiveAcquisition.withTokens(temp).startAgent().startWriting(DashboardBrowserTest.session(0))) {
            live.awaitWritten();
            String acquisition = live.acquisitionUuid();
            assertThat(live.agent().steering().awaitSession(Browser.WAIT)).isTrue();
            String session = live.agent().steering().sessionId().orElseThrow();
            JsonNode hole = live.read("/foilholes?limit=10000").get(0);
            String square = hole.path("gridsquare_uuid").asText();
            String viewer = live.token("a-viewer", Role.VIEWER);

            browser.open(live.page("/login"));
            browser.awaitElement("input[name=token]").sendKeys(viewer);
            browser.find("button[type=submit]").click();
            browser.await("logged in", d -> !d.getCurrentUrl().endsWith("/login"));
            browser.open(live.page("/ui/gridsquares/" + square));
            browser.awaitElement("svg[data-testid=square-map]");
            assertThat(browser.findAll("[data-testid=steering]")).isEmpty();
            assertThat(browser.findAll("input[data-action=select-holes-mode], button[data-action=reorder-holes],"
                            + " button[data-action=skip-holes]"))
                    .isEmpty();

            for (String action : List.of("reorder", "skip")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> answer = (Map<String, Object>) browser.driver()
                        .executeAsyncScript(
                                """
                        const done = arguments[arguments.length - 1];
                        const body = 'action=' + arguments[2] + '&holes=' + arguments[1] + '&csrf='
                            + encodeURIComponent(document.body.getAttribute('data-csrf'));
                        fetch(arguments[0], {method: 'POST', body,
                              headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
                          .then(r => done({status: r.status}));
                        """,
                                "/ui/gridsquares/" + square + "/instructions",
                                hole.path("uuid").asText(),
                                action);
                assertThat(answer.get("status")).as(action).isEqualTo(403L);
            }
            assertThat(live.read("/agent/" + LiveAcquisition.AGENT_ID + "/session/" + session + "/instructions"))
                    .as("nothing was created")
                    .isEmpty();
            assertThat(live.read("/acquisitions")).hasSize(1);
        }
    }

    @Test
    void theFastMonitoringPanelShowsRunsWithTheirCountsAndNewTfSamplesLive(Browser browser) throws Exception {
        try (LiveAcquisition live = LiveAcquisition.open(temp)) {
            browser.open(live.page("/"));
            browser.click("a[data-testid=fastmon-link]");
            browser.await("the panel", d -> d.getCurrentUrl().endsWith("/ui/fastmon"));
            browser.await("live", d -> browser.text("[data-testid=live-badge]").equals("live"));
            browser.script(MARK);
            assertThat(browser.findAll("[data-testid=fastmon-runs] tr[data-run-number]"))
                    .isEmpty();

            register(live, "swf.100010.000001.stf", "swf.100010.000001_tf_001.tf", "swf.100010.000001_tf_002.tf");
            String run = "[data-testid=fastmon-runs] tr[data-run-number='100010'] ";
            browser.await(
                    "the run with its STF and samples",
                    d -> browser.text(run + "[data-count=tf]").equals("2"));
            assertThat(browser.text(run + "[data-count=stf]")).isEqualTo("1");
            browser.awaitElement("[data-testid=fastmon-samples] tr[data-tf-filename='swf.100010.000001_tf_002.tf']");

            register(live, "swf.100010.000002.stf", "swf.100010.000002_tf_001.tf");
            browser.await(
                    "the counts grow live",
                    d -> browser.text(run + "[data-count=tf]").equals("3"));
            assertThat(browser.text(run + "[data-count=stf]")).isEqualTo("2");
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) browser.script(
                    "return [...document.querySelectorAll('[data-testid=fastmon-samples] tr[data-tf-filename]')]"
                            + ".map(e => e.getAttribute('data-tf-filename'))");
            assertThat(names.getFirst()).as("newest first").isEqualTo("swf.100010.000002_tf_001.tf");
            assertThat(names).hasSize(3);
            assertThat(browser.script(MARKED)).as("no reload").isEqualTo(true);
        }
    }

    // ---- helpers

    /** The instruction the log shows, once its row turns {@code processed} without a reload; its id. */
    private static String awaitProcessedLive(Browser browser) {
        // the id read in the same wait: a live refresh may swap the row between finding and reading it
        String id = browser.await(
                "a row in the instruction log",
                d -> d.findElement(By.cssSelector("[data-testid=instruction-log] tr[data-instruction-id]"))
                        .getAttribute("data-instruction-id"));
        String status = "[data-testid=instruction-log] tr[data-instruction-id='" + id + "'] [data-field=status]";
        browser.await("processed, live", d -> browser.text(status).equals("processed"));
        assertThat(browser.script(MARKED)).as("no reload").isEqualTo(true);
        return id;
    }

    /** The defocus histogram's brush ("first last" bar), or null; looked up afresh (live updates swap it). */
    private static String brush(Browser browser) {
        return (String) browser.script("const e = document.querySelector('svg[data-testid=defocus-histogram]');"
                + " return e ? e.getAttribute('data-brush') : null");
    }

    /** Keys sent to the defocus histogram (found again if a live update swapped it). */
    private static void keys(Browser browser, CharSequence keys) {
        browser.await("keys to the histogram", d -> {
            // focused as Tab focuses it (it has tabindex 0), then the keys go to the focused element
            browser.script("document.querySelector('svg[data-testid=defocus-histogram]').focus()");
            d.switchTo().activeElement().sendKeys(keys);
            return true;
        });
    }

    private static void register(LiveAcquisition live, String stf, String... samples) {
        StringBuilder body = new StringBuilder("{\"run_number\":100010,\"stf\":{\"stf_filename\":\"" + stf
                + "\",\"tf_count\":1000,\"file_size_bytes\":1000},\"sender\":\"browser-test\",\"samples\":[");
        for (int i = 0; i < samples.length; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"tf_filename\":\"")
                    .append(samples[i])
                    .append("\",\"tf_first\":")
                    .append(i * 100)
                    .append(",\"tf_last\":")
                    .append(i * 100 + 9)
                    .append(",\"file_size_bytes\":10}");
        }
        TestServer.Response r =
                live.server().post("/api/fastmon-files/bulk/", body.append("]}").toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** uuid -> value, noValue, fill of every square on the atlas, read in one script. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> squares(Browser browser) {
        List<Map<String, String>> rows = (List<Map<String, String>>) browser.script("""
                return [...document.querySelectorAll('svg[data-testid=atlas] [data-square-uuid]')].map(e => ({
                  uuid: e.dataset.squareUuid, value: e.getAttribute('data-metric-value'),
                  noValue: e.getAttribute('data-no-value'), fill: getComputedStyle(e).fill}));
                """);
        Map<String, Map<String, String>> out = new HashMap<>();
        rows.forEach(r -> out.put(r.get("uuid"), r));
        return out;
    }

    /** The uuids of the elements matching {@code css} that are highlighted. */
    @SuppressWarnings("unchecked")
    private static Set<String> highlighted(Browser browser, String css) {
        return new HashSet<>((List<String>) browser.script(
                "return [...document.querySelectorAll(arguments[0])].filter(e => e.getAttribute('data-highlighted')"
                        + " === 'true').map(e => e.dataset.squareUuid || e.dataset.holeUuid)",
                css));
    }

    /**
     * What a brush over bars {@code first..last} of 20 equal bars between {@code min} and {@code max} must
     * highlight: the squares (or holes) with a micrograph in them. The bars' arithmetic is the histogram's
     * definition (docs/dashboard.md), restated here.
     */
    private static Set<String> expected(
            List<Shot> shots,
            double min,
            double max,
            int first,
            int last,
            java.util.function.Function<Shot, String> key) {
        double width = (max - min) / 20;
        Set<String> out = new HashSet<>();
        for (Shot s : shots) {
            int bin = Math.min(19, (int) ((s.defocusUm() - min) / width));
            if (bin >= first && bin <= last) {
                out.add(key.apply(s));
            }
        }
        return out;
    }

    /** The micrographs a filtered chart counts (the sum of its bars' filtered counts), -1 when not filtered. */
    /** The sum of the bars' filtered counts of a chart, or -1 while it is not filtered. */
    static long filtered(Browser browser, String testId) {
        Object n = browser.script(
                "const bars = [...document.querySelectorAll('svg[data-testid=' + arguments[0] + '] rect[data-filtered-count]')];"
                        + " return bars.length === 0 ? -1 : bars.reduce((a, b) => a + Number(b.getAttribute('data-filtered-count')), 0)",
                testId);
        return ((Number) n).longValue();
    }
}
