package io.sightline.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import io.sightline.core.epu.dir.GridModel;
import io.sightline.core.epu.model.FoilHole;
import io.sightline.core.epu.model.FoilHoleTarget;
import io.sightline.server.auth.Role;
import io.sightline.server.testing.TestServer;
import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard (issue 13) in a real headless chromium, against a real server fed by the real agent
 * from a simulated microscope writing while the page is open. The tests select only on the DOM contract
 * of docs/dashboard.md; every wait is for a condition on the page, with a deadline.
 */
@ExtendWith(BrowserExtension.class)
class DashboardBrowserTest {
    /** Set on the page when the test opens it: a reload or a navigation would lose it. */
    private static final String MARK = "window.__sightlineTestMark = 'opened once'";

    private static final String MARKED = "return window.__sightlineTestMark === 'opened once'";

    /**
     * Notes the highest value each count of the acquisition page ever showed: dashboard.js raises counts
     * from events before a render arrives, and must never raise one twice for the same event.
     */
    private static final String COUNT_PEAKS = """
            window.__peaks = {};
            const peak = () => ['count-micrographs', 'count-squares', 'count-holes'].forEach(t => {
              const e = document.querySelector('#summary [data-testid=' + t + ']');
              const n = e ? parseInt(e.textContent, 10) : NaN;
              if (!isNaN(n)) window.__peaks[t] = Math.max(window.__peaks[t] || 0, n);
            });
            peak();
            new MutationObserver(peak).observe(document.body, {subtree: true, childList: true, characterData: true});
            """;

    /**
     * The page gives hole centres and diameters in whole pixels (the API's diameter is an integer): a
     * value may differ from the .dm's by the rounding, never more.
     */
    private static final double PIXEL = 0.5;

    @TempDir
    Path temp;

    static EpuSimulation session(double rate) {
        return EpuSimulation.defaults().toBuilder()
                .squares(12)
                .visitedSquares(3)
                .holesPerSquare(16)
                .acquiredHolesPerSquare(4)
                .micrographsPerHole(1)
                .atlasTiles(4)
                .rate(rate)
                .build();
    }

    @Test
    void aSessionWrittenLiveAppearsOnTheAcquisitionPageSquareBySquareWithoutAReload(Browser browser) throws Exception {
        EpuSimulation options = session(20);
        try (LiveAcquisition live = LiveAcquisition.open(temp)
                .holdBeforeEach(PlannedWrite.Kind.GRID_SQUARE_MANIFEST) // before each visited square
                .startAgent()
                .startWriting(options)) {
            live.awaitHeld(1);
            live.awaitList("/gridsquares", options.squares());
            String acquisition = live.acquisitionUuid();

            // from the facility overview, by its link, to the acquisition page
            browser.open(live.page("/"));
            browser.click("[data-testid=acquisitions] tr[data-acquisition-uuid='" + acquisition + "'] a[href]");
            browser.await("the acquisition page", d -> d.getCurrentUrl().endsWith("/ui/acquisitions/" + acquisition));
            browser.await("every square on the atlas", d -> states(browser).size() == options.squares());
            assertThat(browser.text("[data-testid=live-badge]")).isEqualTo("live");
            assertThat(states(browser)).containsOnly("not-visited");
            browser.script(MARK);
            browser.script(COUNT_PEAKS);

            // square by square: the microscope waits before each visited square until the page shows the
            // ones before it, so each step is seen in the open page
            for (int square = 1; square < options.visitedSquares(); square++) {
                live.release();
                live.awaitHeld(square + 1);
                int shown = square;
                browser.await(square + " visited square(s) on the page", d -> visited(browser) == shown);
                assertThat(browser.script(MARKED))
                        .as("the page was never reloaded")
                        .isEqualTo(true);
            }
            SimulatedSession written = live.awaitWritten();
            browser.await("every visited square shown visited", d -> visited(browser) == options.visitedSquares());
            browser.await(
                    "the micrograph count of everything written",
                    d -> browser.text("[data-testid=count-micrographs]")
                            .contains(String.valueOf(written.micrographCount())));
            assertThat(browser.script(MARKED)).as("the page was never reloaded").isEqualTo(true);
            // the last square visited is in progress (the newest micrograph is there), the others acquired
            assertThat(states(browser).stream().filter("acquired"::equals).count())
                    .isEqualTo(options.visitedSquares() - 1);
            assertThat(browser.text("[data-testid=count-squares]")).contains(String.valueOf(options.squares()));
            browser.await(
                    "the hole count of the last render",
                    d -> !browser.text("#summary [data-testid=count-holes]").isEmpty());
            @SuppressWarnings("unchecked")
            Map<String, Number> peaks = (Map<String, Number>) browser.script("return window.__peaks");
            assertThat(peaks.get("count-micrographs").longValue())
                    .as("the micrograph count never went above what was written (no event counted twice)")
                    .isEqualTo(written.micrographCount());
            assertThat(peaks.get("count-squares").longValue())
                    .as("the square count never went above what was written")
                    .isEqualTo(options.squares());
            browser.await(
                    "the hole count never above where it settles (no event counted twice)",
                    d -> browser.text("#summary [data-testid=count-holes]")
                            .equals(String.valueOf(peaks.get("count-holes").longValue())));
        }
    }

    @Test
    void clickingASquareOpensItAndItsHolesAreDrawnAtThePositionsTheDmGives(Browser browser) throws Exception {
        EpuSimulation options = session(0);
        try (LiveAcquisition live = LiveAcquisition.open(temp).startAgent().startWriting(options)) {
            SimulatedSession written = live.awaitWritten();
            live.awaitList("/micrographs", written.micrographCount());
            String acquisition = live.acquisitionUuid();

            // the core reader's view of the same files: the truth the page must draw
            EpuDirectory onDisk = new EpuDirectoryReader().read(live.visit());
            GridModel grid = onDisk.grids().getFirst();
            Map<Long, FoilHoleTarget> targets = new HashMap<>();
            for (FoilHole hole : grid.foilHoles().values()) {
                if (hole.target() != null && hole.target().pixelCenter() != null) {
                    targets.put(hole.holeId(), hole.target());
                }
            }
            // a visited square: the one with the most targets in its .dm
            long squareId = grid.foilHoles().values().stream()
                    .filter(h -> h.target() != null)
                    .collect(java.util.stream.Collectors.groupingBy(
                            FoilHole::squareId, java.util.stream.Collectors.counting()))
                    .entrySet()
                    .stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            String squareUuid = uuidOfSquare(live, squareId);
            List<Long> holesOfSquare = grid.foilHoles().values().stream()
                    .filter(h -> h.squareId() == squareId && targets.containsKey(h.holeId()))
                    .map(FoilHole::holeId)
                    .toList();

            browser.open(live.page("/ui/acquisitions/" + acquisition));
            browser.click("svg[data-testid=atlas] [data-square-uuid='" + squareUuid + "']");
            browser.await("the square's page", d -> d.getCurrentUrl().endsWith("/ui/gridsquares/" + squareUuid));
            browser.await(
                    "every hole of the square drawn",
                    d -> d.findElements(By.cssSelector("svg[data-testid=square-map] [data-hole-uuid]"))
                                    .size()
                            == holesOfSquare.size());

            // read in one script: the page may swap its live regions between two calls
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> holes = (List<Map<String, Object>>) browser.script("""
                    return [...document.querySelectorAll('svg[data-testid=square-map] [data-hole-uuid]')].map(e => {
                      const r = e.getBoundingClientRect();
                      return {id: e.dataset.foilholeId, x: e.dataset.x, y: e.dataset.y, d: e.dataset.diameter,
                              near: e.dataset.nearGridBar, sx: r.left + r.width / 2, sy: r.top + r.height / 2};
                    });
                    """);
            List<double[]> drawn = new ArrayList<>(); // dm x, dm y, screen x, screen y
            for (Map<String, Object> hole : holes) {
                long id = Long.parseLong((String) hole.get("id"));
                FoilHoleTarget dm = targets.get(id);
                assertThat(dm).as("hole %d is in the square's .dm", id).isNotNull();
                assertThat(Double.parseDouble((String) hole.get("x")))
                        .as("x of hole %d", id)
                        .isCloseTo(dm.pixelCenter().x(), within(PIXEL));
                assertThat(Double.parseDouble((String) hole.get("y")))
                        .as("y of hole %d", id)
                        .isCloseTo(dm.pixelCenter().y(), within(PIXEL));
                assertThat(Double.parseDouble((String) hole.get("d")))
                        .as("diameter of hole %d", id)
                        .isCloseTo(dm.diameter(), within(PIXEL));
                assertThat(hole.get("near"))
                        .as("near grid bar, hole %d", id)
                        .isEqualTo(String.valueOf(Boolean.TRUE.equals(dm.nearGridBar())));
                drawn.add(new double[] {
                    dm.pixelCenter().x(),
                    dm.pixelCenter().y(),
                    ((Number) hole.get("sx")).doubleValue(),
                    ((Number) hole.get("sy")).doubleValue()
                });
            }
            assertThat(drawn).hasSize(holesOfSquare.size());
            // drawn where the .dm says: one scale and offset take every .dm centre to its centre on screen
            assertLinear(drawn, 0, 2, "x");
            assertLinear(drawn, 1, 3, "y");
        }
    }

    @Test
    void anInstructionSentFromThePageReachesTheRunningAgentAndItsAcknowledgementAppears(Browser browser)
            throws Exception {
        skipFromThePage(browser, true);
    }

    /**
     * The same through the agent's own session, which it opens before it has seen the acquisition (so it
     * names none) and which the panel offers. Sending through it links the session to the acquisition, so
     * its {@code instruction.updated} events reach the acquisition page's stream (before that link the log
     * stopped at {@code received}).
     */
    @Test
    void anInstructionSentThroughTheAgentsOwnUnlinkedSessionIsAcknowledgedOnThePage(Browser browser) throws Exception {
        skipFromThePage(browser, false);
    }

    /**
     * An operator skips a square from the acquisition page; the log row must turn {@code processed} live
     * and Athena must have been told to skip that square. With {@code linkSession}, through a session
     * opened for the acquisition; else through the agent's own session, which names no acquisition.
     */
    private void skipFromThePage(Browser browser, boolean linkSession) throws Exception {
        EpuSimulation options = session(0);
        try (LiveAcquisition live = LiveAcquisition.open(temp).startAgent().startWriting(options)) {
            live.awaitWritten();
            live.awaitList("/gridsquares", options.squares());
            String acquisition = live.acquisitionUuid();
            if (linkSession) {
                live.steerAcquisition(acquisition);
            }
            assertThat(live.agent().steering().awaitSession(Browser.WAIT)).isTrue();
            String session = live.agent().steering().sessionId().orElseThrow();
            JsonNode square = live.read("/gridsquares?limit=10000").get(0);
            String squareUuid = square.path("uuid").asText();
            String squareId = square.path("gridsquare_id").asText();

            browser.open(live.page("/ui/acquisitions/" + acquisition));
            browser.awaitElement("[data-testid=steering]");
            browser.script(MARK);
            chooseSession(browser, session);
            select(browser, squareUuid);
            browser.click("[data-testid=steering] button[data-action=skip]");

            WebElement row = browser.awaitElement("[data-testid=instruction-log] tr[data-instruction-id]");
            String instructionId = row.getAttribute("data-instruction-id");
            String rowCss =
                    "[data-testid=instruction-log] tr[data-instruction-id='" + instructionId + "'] [data-field=status]";
            browser.await(
                    "the agent's acknowledgement on the page",
                    d -> d.findElements(By.cssSelector(rowCss)).stream()
                            .anyMatch(e -> e.getText().trim().equals("processed")));
            assertThat(browser.script(MARKED))
                    .as("the status came live, not by a reload")
                    .isEqualTo(true);

            // it reached the agent, which steered the microscope: Athena was told to skip that square
            List<JsonNode> decisions = live.athena().decisions().stream()
                    .filter(d -> d.path("details").asText().equals("sightline instruction " + instructionId))
                    .toList();
            assertThat(decisions).isNotEmpty();
            assertThat(decisions)
                    .extracting(d -> d.path("decisionType").asText())
                    .containsOnly("gridSquareSelection");
            assertThat(decisions).extracting(d -> d.path("areaId").asText()).containsExactly(squareId);
            assertThat(decisions)
                    .extracting(d -> d.path("decisionValue").asText())
                    .containsOnly("false");
        }
    }

    @Test
    void thePageSurvivesAServerRestartAndCatchesUp(Browser browser) throws Exception {
        EpuSimulation options = session(0);
        try (LiveAcquisition live = LiveAcquisition.open(temp)
                .holdBefore(PlannedWrite.Kind.MICROGRAPH_MANIFEST)
                .startAgent()
                .startWriting(options)) {
            live.awaitHeld();
            live.awaitList("/gridsquares", options.squares());
            String acquisition = live.acquisitionUuid();
            browser.open(live.page("/ui/acquisitions/" + acquisition));
            browser.await("the live badge", d -> badge(browser).equals("live"));
            browser.script(MARK);

            int port = live.stopServer();
            browser.await(
                    "the badge says the stream is down", d -> badge(browser).startsWith("stale for"));
            // the microscope goes on while the server is down: the agent keeps what it could not deliver
            live.release();
            SimulatedSession written = live.awaitWritten();
            live.startServerAgain(port);

            browser.await("live again", d -> badge(browser).equals("live"));
            browser.await(
                    "every micrograph written while the server was down",
                    d -> browser.text("[data-testid=count-micrographs]")
                            .contains(String.valueOf(written.micrographCount())));
            browser.await("every visited square shown visited", d -> visited(browser) == options.visitedSquares());
            assertThat(browser.script(MARKED)).as("caught up without a reload").isEqualTo(true);
        }
    }

    @Test
    void aViewerCannotSeeTheSteeringControlsAndTheServerRefusesSteeringSentAnyway(Browser browser) throws Exception {
        EpuSimulation options = session(0);
        try (LiveAcquisition live =
                LiveAcquisition.withTokens(temp).startAgent().startWriting(options)) {
            live.awaitWritten();
            live.awaitList("/gridsquares", options.squares());
            String acquisition = live.acquisitionUuid();
            assertThat(live.agent().steering().awaitSession(Browser.WAIT)).isTrue();
            String session = live.agent().steering().sessionId().orElseThrow();
            String squareUuid =
                    live.read("/gridsquares?limit=10000").get(0).path("uuid").asText();
            String viewer = live.token("a-viewer", Role.VIEWER);

            login(browser, live, viewer);
            browser.open(live.page("/ui/acquisitions/" + acquisition));
            browser.await("every square on the atlas", d -> states(browser).size() == options.squares());
            assertThat(browser.findAll("[data-testid=steering]")).isEmpty();
            assertThat(browser.findAll("button[data-action=skip], button[data-action=reorder]"))
                    .isEmpty();
            assertThat(browser.findAll("input[data-select-square]")).isEmpty();

            // sent by hand from the viewer's own page, with the viewer's session cookie (and the page's
            // CSRF token when it has one, so that only the role can be the reason)
            Map<String, Object> answer = post(
                    browser, "/ui/acquisitions/" + acquisition + "/instructions", "action=skip&squares=" + squareUuid);
            assertThat(answer.get("status")).as("%s", answer).isEqualTo(403L);
            // and through the API with the viewer's token
            TestServer.Response api = live.server()
                    .postAs(
                            viewer,
                            "/agent/" + LiveAcquisition.AGENT_ID + "/session/" + session + "/instructions",
                            Map.of(
                                    "instruction_type",
                                    "microscope.control.skip_gridsquares",
                                    "payload",
                                    Map.of("gridsquare_ids", List.of(1))));
            assertThat(api.status()).as(api.body()).isEqualTo(403);
            assertThat(live.read("/agent/" + LiveAcquisition.AGENT_ID + "/session/" + session + "/instructions"))
                    .as("no instruction was created")
                    .isEmpty();
            assertThat(live.athena().decisions()).isEmpty();

            // the same page for a steering operator has the controls: their absence above is the role's doing
            try (Browser operator = new Browser(Chromium.installed().start(Path.of("target", "chromium-profiles")))) {
                login(operator, live, live.token("an-operator", Role.STEERING));
                operator.open(live.page("/ui/acquisitions/" + acquisition));
                operator.awaitElement("[data-testid=steering] button[data-action=skip]");
            }
        }
    }

    // ---- helpers on the DOM contract ----

    /**
     * The state of every square on the atlas, read in one script: the page swaps its live regions as
     * events arrive, so elements found in one call may be gone by the next.
     */
    @SuppressWarnings("unchecked")
    private static List<String> states(Browser browser) {
        return (List<String>)
                browser.script("return [...document.querySelectorAll('svg[data-testid=atlas] [data-square-uuid]')]"
                        + ".map(e => e.getAttribute('data-state'))");
    }

    /** Squares shown as visited: acquired or in progress. */
    private static long visited(Browser browser) {
        return states(browser).stream()
                .filter(s -> s.equals("acquired") || s.equals("in-progress"))
                .count();
    }

    private static String badge(Browser browser) {
        return browser.text("[data-testid=live-badge]");
    }

    /** Chooses the agent session to steer when the panel offers several (a select), else keeps the one shown. */
    private static void chooseSession(Browser browser, String session) {
        List<WebElement> choice = browser.findAll("[data-testid=steering] select[name=session]");
        if (!choice.isEmpty()) {
            new Select(choice.getFirst()).selectByValue(session);
        }
    }

    /** Selects a square for steering as an operator does: select mode on, then a click on the square. */
    private static void select(Browser browser, String squareUuid) {
        WebElement mode = browser.find("[data-testid=steering] input[data-action=select-mode]");
        if (!mode.isSelected()) {
            mode.click();
        }
        browser.click("svg[data-testid=atlas] [data-square-uuid='" + squareUuid + "']");
        browser.await(
                "the square selected",
                d -> browser.text("[data-testid=selection]").startsWith("1 "));
    }

    private static void login(Browser browser, LiveAcquisition live, String token) {
        browser.open(live.page("/login"));
        browser.awaitElement("input[name=token]").sendKeys(token);
        String before = browser.driver().getCurrentUrl();
        browser.find("button[type=submit]").click();
        browser.await(
                "logged in",
                d -> !d.getCurrentUrl().equals(before)
                        || d.findElements(By.cssSelector("input[name=token]")).isEmpty());
    }

    /** A form POST from the page itself (its cookies, its CSRF token if it shows one); answers the status. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> post(Browser browser, String path, String form) {
        return (Map<String, Object>) browser.driver().executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const csrf = document.body.getAttribute('data-csrf')
                            || (document.querySelector('input[name=csrf]') || {}).value;
                        const body = arguments[1] + (csrf ? '&csrf=' + encodeURIComponent(csrf) : '');
                        fetch(arguments[0], {method: 'POST', body,
                              headers: {'Content-Type': 'application/x-www-form-urlencoded'}})
                          .then(r => r.text().then(t => done({status: r.status, body: t})))
                          .catch(e => done({status: -1, body: String(e)}));
                        """, path, form);
    }

    private static String uuidOfSquare(LiveAcquisition live, long squareId) {
        for (JsonNode square : live.read("/gridsquares?limit=10000")) {
            if (square.path("gridsquare_id").asText().equals(String.valueOf(squareId))) {
                return square.path("uuid").asText();
            }
        }
        throw new AssertionError("the server holds no grid square " + squareId);
    }

    /**
     * Least squares of screen against .dm coordinate: every hole's centre on screen must lie within 1.5
     * CSS pixels of one line with a positive slope (a uniform scale and an offset, as an SVG viewBox gives).
     */
    private static void assertLinear(List<double[]> points, int dm, int screen, String axis) {
        int n = points.size();
        double mx = points.stream().mapToDouble(p -> p[dm]).sum() / n;
        double my = points.stream().mapToDouble(p -> p[screen]).sum() / n;
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[dm] - mx) * (p[screen] - my);
            sxx += (p[dm] - mx) * (p[dm] - mx);
        }
        double slope = sxy / sxx;
        assertThat(slope).as("scale of %s on screen", axis).isPositive();
        for (double[] p : points) {
            double expected = my + slope * (p[dm] - mx);
            assertThat(p[screen])
                    .as("%s of the hole at .dm (%.1f, %.1f) on screen", axis, p[0], p[1])
                    .isCloseTo(expected, within(1.5));
        }
    }
}
