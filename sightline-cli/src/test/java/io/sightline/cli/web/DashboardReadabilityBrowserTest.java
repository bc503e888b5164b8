package io.sightline.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * Keyboard and readability on every dashboard page (docs/dashboard.md, "Keyboard and readability"), in
 * headless chromium at 1366 × 768 set to a zone that is not UTC: no page scrolls sideways; Tab reaches
 * every visible control and each shows a focus ring when it has focus; every time is shown in the
 * viewer's zone with its UTC time on hover, and no UTC timestamp is left in the visible text.
 */
@ExtendWith(BrowserExtension.class)
class DashboardReadabilityBrowserTest {
    /** Five and a half hours from UTC: a time left in UTC cannot pass for local. */
    private static final String ZONE = "Asia/Kolkata";

    /** What Tab may stop on, visible and enabled, as a key that survives a live region being swapped. */
    private static final String KEYS = """
            const key = e => [e.tagName.toLowerCase(), e.getAttribute('data-testid'), e.getAttribute('name'),
                e.getAttribute('data-action'), e.getAttribute('data-sort'), e.getAttribute('data-table-kind'),
                e.getAttribute('data-filter-min'), e.getAttribute('data-filter-max'),
                e.getAttribute('href'), (e.textContent || '').trim().slice(0, 40)].join('|');
            const ring = e => {
              const cs = getComputedStyle(e);
              if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) return true;
              const shape = e instanceof SVGElement && e.querySelector('rect,circle');
              return !!shape && parseFloat(getComputedStyle(shape).strokeWidth) >= 4;
            };
            """;

    private static final String FOCUSABLE = KEYS + """
            return [...document.querySelectorAll('a[href],button,input:not([type=hidden]),select,textarea,summary,[tabindex]')]
              .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
                  && getComputedStyle(e).visibility !== 'hidden'
                  // the content of a closed <details> is not rendered; its summary is
                  && !(e.closest('details:not([open])') && !e.matches('details > summary')))
              .map(key);
            """;

    private static final String FOCUSED = KEYS + """
            const e = document.activeElement;
            return e && e !== document.body ? [key(e), String(ring(e))] : null;
            """;

    private static final String TIMES = """
            const bad = [];
            const times = document.querySelectorAll('time[datetime]');
            times.forEach(t => {
              const iso = t.getAttribute('datetime'), local = new Date(iso).toLocaleString();
              if (t.getAttribute('title') !== iso + ' (UTC)') bad.push('title of ' + iso + ': ' + t.getAttribute('title'));
              if (t.textContent !== local) bad.push('text of ' + iso + ': ' + t.textContent + ' (local: ' + local + ')');
            });
            const utc = document.body.innerText.match(/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d[^\\s]*/g) || [];
            utc.forEach(u => bad.push('a UTC timestamp in the text: ' + u));
            return [times.length, bad];
            """;

    @Test
    void everyPageFitsAt1366IsKeyboardUsableAndShowsTimesInTheViewersZone(Browser browser) throws Exception {
        try (TestServer server = TestServer.start()) {
            SeededAcquisition seeded = SeededAcquisition.write(server, 12, 3, 8, 60);
            String acquisition = seeded.acquisitionUuid();
            steeringSession(server, acquisition, seeded);
            browser.driver().executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ZONE));
            assertThat(((Number) browser.script("return new Date().getTimezoneOffset()")).intValue())
                    .as("minutes from local time to UTC in " + ZONE)
                    .isEqualTo(-330);
            SeededAcquisition.Hole hole = seeded.holes().getFirst();
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("overview", "/");
            pages.put("acquisition", "/ui/acquisitions/" + acquisition);
            pages.put("grid square", "/ui/gridsquares/" + hole.squareUuid() + "?hole=" + hole.uuid());
            pages.put(
                    "micrograph",
                    "/ui/micrographs/" + seeded.micrographs().getFirst().uuid());
            pages.put("report", "/ui/acquisitions/" + acquisition + "/report");
            pages.put("login", "/login");
            List<String> problems = new ArrayList<>();
            for (Map.Entry<String, String> page : pages.entrySet()) {
                String name = page.getKey();
                browser.open(server.uri(page.getValue()));
                browser.await(
                        name + " live",
                        d -> browser.text("[data-testid=live-badge]").equals("live"));
                if (name.equals("acquisition")) {
                    DashboardTableBrowserTest.openTab(browser, "squares");
                }
                Object widths = browser.script("const d = document.documentElement;"
                        + " return d.scrollWidth > d.clientWidth ? d.scrollWidth + ' > ' + d.clientWidth : null");
                if (widths != null) {
                    problems.add(name + ": scrolls sideways at 1366 px (" + widths + ")");
                }
                List<?> times = (List<?>) browser.script(TIMES);
                if (!name.equals("login") && ((Number) times.get(0)).intValue() == 0) {
                    problems.add(name + ": no time to check");
                }
                ((List<?>) times.get(1)).forEach(p -> problems.add(name + ": " + p));
                problems.addAll(tabThrough(browser, name));
            }
            assertThat(problems).isEmpty();
        }
    }

    /** Tabs from the top until every visible control has had focus; answers what was missed or had no ring. */
    private static List<String> tabThrough(Browser browser, String page) {
        @SuppressWarnings("unchecked")
        Set<String> expected = new LinkedHashSet<>((List<String>) browser.script(FOCUSABLE));
        Set<String> reached = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        browser.script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)");
        for (int i = 0; i < expected.size() * 2 + 10 && !reached.containsAll(expected); i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            List<?> focused = (List<?>) browser.script(FOCUSED);
            if (focused == null) {
                continue;
            }
            String key = (String) focused.get(0);
            if (reached.add(key) && !Boolean.parseBoolean((String) focused.get(1))) {
                problems.add(page + ": no focus ring on " + key);
            }
        }
        for (String missed : expected) {
            if (!reached.contains(missed)) {
                problems.add(page + ": Tab never reached " + missed);
            }
        }
        if (expected.isEmpty()) {
            problems.add(page + ": nothing to focus");
        }
        return problems;
    }

    /** An agent session linked to the acquisition with a heartbeat and an instruction, for the overview and the log. */
    private static void steeringSession(TestServer server, String acquisition, SeededAcquisition seeded) {
        TestServer.Response session =
                server.post("/agent/krios-7/sessions", Map.of("name", "run 7", "acquisition_uuid", acquisition));
        assertThat(session.status()).as(session.body()).isIn(200, 201);
        String id = session.json().get("session_id").asText();
        assertThat(server.post(
                                "/agent/krios-7/session/" + id + "/heartbeat",
                                Map.of(
                                        "outbox_depth",
                                        3,
                                        "outbox_parked",
                                        1,
                                        "outbox_oldest_undelivered_seconds",
                                        12.5,
                                        "outbox_newest_parked",
                                        "refused: a long reason that should wrap rather than widen the page"))
                        .status())
                .isLessThan(300);
        List<String> squares =
                seeded.squares().stream().map(SeededAcquisition.Square::id).toList();
        TestServer.Response instruction = server.post(
                "/agent/krios-7/session/" + id + "/instructions",
                Map.of(
                        "instruction_type",
                        "microscope.control.skip_gridsquares",
                        "payload",
                        Map.of("gridsquare_ids", squares)));
        assertThat(instruction.status()).as(instruction.body()).isIn(200, 201);
    }
}
