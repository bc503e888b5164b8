package io.sightline.cli.web;

import static io.sightline.cli.web.DashboardTableBrowserTest.openTab;
import static io.sightline.cli.web.MapsBrowserTest.filtered;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

/**
 * The acquisition page's table follows live events and the maps' linked selection (docs/dashboard.md,
 * "Table"), in a real headless chromium over a real server (H2) holding a seeded acquisition that goes on
 * being written while the page is open. Expected rows are computed from the seeded truth.
 */
@ExtendWith(BrowserExtension.class)
class DashboardTableLiveBrowserTest {
    private static final String MARK = "window.__sightlineTestMark = 'opened once'";
    private static final String MARKED = "return window.__sightlineTestMark === 'opened once'";

    @Test
    void newMicrographsAppearInTheOpenTableKeepingItsSortFiltersAndScroll(Browser browser) throws Exception {
        try (TestServer server = TestServer.start()) {
            SeededAcquisition seeded = SeededAcquisition.write(server, 12, 3, 8, 400);
            browser.open(server.uri("/ui/acquisitions/" + seeded.acquisitionUuid()));
            browser.awaitElement("svg[data-testid=atlas]");
            browser.script(MARK);
            openTab(browser, "micrographs");

            // one square's micrographs (by text) in a defocus range, least defocus first
            browser.find("[data-testid=table-filter]").sendKeys("FoilHole_3001");
            browser.find("input[data-filter-min=defocus_um]").sendKeys("-2.5");
            browser.find("input[data-filter-max=defocus_um]").sendKeys("-1.5");
            browser.click("th[data-column=defocus_um] button");
            Predicate<SeededAcquisition.Micrograph> shown =
                    m -> m.id().contains("FoilHole_3001") && m.defocusUm() >= -2.5 && m.defocusUm() <= -1.5;
            List<SeededAcquisition.Micrograph> before = expected(seeded.micrographs(), shown);
            assertThat(before).hasSizeGreaterThan(30); // more than a screenful, so the box scrolls
            browser.await(
                    "filtered and sorted",
                    d -> browser.text("[data-testid=table-count]").equals(before.size() + " of 400 micrographs"));
            browser.script("document.querySelector('[data-testid=table-scroll]').scrollTop = 240");
            double scrolled = scrollTop(browser);
            assertThat(scrolled).isGreaterThan(200);
            // the virtual rows follow the scroll on the next frame: wait for them rather than read them mid-draw
            browser.await("the rows in view drawn", d -> rowsInDom(browser).equals(expectedInDom(browser, before)));

            // the microscope goes on: 200 more micrographs, some matching, while the table is open
            List<SeededAcquisition.Micrograph> more = seeded.writeMore(server, 200);
            List<SeededAcquisition.Micrograph> all = new ArrayList<>(seeded.micrographs());
            all.addAll(more);
            List<SeededAcquisition.Micrograph> after = expected(all, shown);
            assertThat(after.size()).isGreaterThan(before.size());
            assertThat(more.stream().filter(shown)).isNotEmpty();
            browser.await(
                    "the new matching rows in the open table",
                    d -> browser.text("[data-testid=table-count]").equals(after.size() + " of 600 micrographs"));
            // in order: every row in the DOM is the one the sort puts at its index, nothing else was let in
            browser.await("the rows in view redrawn", d -> rowsInDom(browser).equals(expectedInDom(browser, after)));
            assertThat(scrollTop(browser)).as("the scroll position is kept").isEqualTo(scrolled);
            assertThat(browser.find("[data-testid=table-filter]").getAttribute("value"))
                    .isEqualTo("FoilHole_3001");
            assertThat(browser.find("input[data-filter-min=defocus_um]").getAttribute("value"))
                    .isEqualTo("-2.5");
            assertThat(browser.find("th[data-column=defocus_um]").getAttribute("aria-sort"))
                    .isEqualTo("ascending");
            assertThat(browser.script(MARKED)).as("no reload, no navigation").isEqualTo(true);

            // a changed value (a CTF result arriving) shows in its row
            String uuid = rowsInDom(browser).get(0);
            SeededAcquisition.Micrograph m =
                    all.stream().filter(x -> x.uuid().equals(uuid)).findFirst().orElseThrow();
            SeededAcquisition.rewrite(
                    server,
                    new SeededAcquisition.Micrograph(
                            m.uuid(),
                            m.id(),
                            m.holeUuid(),
                            m.holeId(),
                            m.time(),
                            m.defocusUm(),
                            9.75,
                            m.motion(),
                            m.particles()));
            String cell = "[data-testid=table] tbody tr[data-uuid='" + uuid
                    + "'] td[data-column=ctf_max_resolution_estimate]";
            browser.await(
                    "the new CTF value in its row", d -> browser.text(cell).equals("9.750"));
        }
    }

    @Test
    void squaresPickedOnTheAtlasAndTheDefocusBrushFilterTheTable(Browser browser) throws Exception {
        try (TestServer server = TestServer.start()) {
            SeededAcquisition seeded = SeededAcquisition.write(server, 12, 3, 8, 120);
            List<SeededAcquisition.Square> squares = seeded.squares();
            browser.open(server.uri("/ui/acquisitions/" + seeded.acquisitionUuid()));
            browser.awaitElement("svg[data-testid=atlas]");

            // squares 0 and 2 picked in filter mode before the table (and its script) is loaded: the table,
            // opened after, and all four charts show their micrographs
            browser.find("input[data-tool=filter-mode]").click();
            browser.click(square(squares.get(0)));
            browser.click(square(squares.get(2)));
            openTab(browser, "micrographs");
            Set<String> picked = Set.of(squares.get(0).uuid(), squares.get(2).uuid());
            Set<String> pickedHoles = seeded.holes().stream()
                    .filter(h -> picked.contains(h.squareUuid()))
                    .map(SeededAcquisition.Hole::uuid)
                    .collect(Collectors.toSet());
            long ofPicked = seeded.micrographs().stream()
                    .filter(x -> pickedHoles.contains(x.holeUuid()))
                    .count();
            browser.await(
                    "the table filtered to two squares",
                    d -> browser.text("[data-testid=table-count]").equals(ofPicked + " of 120 micrographs"));
            assertThat(browser.text("[data-testid=table-linked]")).contains("2 squares picked on the atlas");
            assertThat(filtered(browser, "ctf-histogram")).isEqualTo(ofPicked);
            assertThat(filtered(browser, "motion-histogram")).isEqualTo(ofPicked);
            assertThat(filtered(browser, "defocus-histogram")).isEqualTo(ofPicked);
            openTab(browser, "squares");
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo("2 of 12 squares");
            assertThat(new HashSet<>(rowsInDom(browser))).isEqualTo(picked);
            openTab(browser, "holes");
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo(pickedHoles.size() + " of 24 holes");
            browser.click("button[data-tool=clear-filter]");
            browser.await(
                    "every hole again",
                    d -> browser.text("[data-testid=table-count]").equals("24 of 24 holes"));
            assertThat(filtered(browser, "ctf-histogram"))
                    .as("the charts unfiltered")
                    .isEqualTo(-1);

            // a brush over bars 0..4 of the defocus histogram: the micrographs in them, the squares with one
            browser.find("svg[data-testid=defocus-histogram]").sendKeys(Keys.ARROW_RIGHT);
            for (int i = 0; i < 4; i++) {
                browser.find("svg[data-testid=defocus-histogram]").sendKeys(Keys.chord(Keys.SHIFT, Keys.ARROW_RIGHT));
            }
            browser.await(
                    "brushed 0 to 4",
                    d -> "0 4"
                            .equals(browser.find("svg[data-testid=defocus-histogram]")
                                    .getAttribute("data-brush")));
            List<SeededAcquisition.Micrograph> brushed = inBars(seeded.micrographs(), 0, 4);
            assertThat(brushed).hasSizeBetween(1, 119);
            assertThat(browser.text("[data-testid=table-count]"))
                    .as("the brush does not filter holes")
                    .isEqualTo("24 of 24 holes");
            openTab(browser, "micrographs");
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo(brushed.size() + " of 120 micrographs");
            openTab(browser, "squares");
            Set<String> brushedHoles =
                    brushed.stream().map(SeededAcquisition.Micrograph::holeUuid).collect(Collectors.toSet());
            Set<String> litSquares = seeded.holes().stream()
                    .filter(h -> brushedHoles.contains(h.uuid()))
                    .map(SeededAcquisition.Hole::squareUuid)
                    .collect(Collectors.toSet());
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo(litSquares.size() + " of 12 squares");
            assertThat(new HashSet<>(rowsInDom(browser))).isEqualTo(litSquares);
            browser.click("button[data-tool=clear-brush]");
            browser.await(
                    "every square again",
                    d -> browser.text("[data-testid=table-count]").equals("12 of 12 squares"));
            assertThat(browser.find("[data-testid=table-linked]").isDisplayed()).isFalse();
        }
    }

    /** The micrographs in bars {@code first..last} of the page's defocus histogram (20 bars, min to max). */
    private static List<SeededAcquisition.Micrograph> inBars(
            List<SeededAcquisition.Micrograph> micrographs, int first, int last) {
        // the server's value: sent in metres, read back in micrometres (Pages.micrometres)
        java.util.function.ToDoubleFunction<SeededAcquisition.Micrograph> um = m -> m.defocusUm() * 1e-6 * 1e6;
        double min = micrographs.stream().mapToDouble(um).min().orElseThrow();
        double max = micrographs.stream().mapToDouble(um).max().orElseThrow();
        double width = (max - min) / 20;
        return micrographs.stream()
                .filter(m -> {
                    int bin = Math.max(0, Math.min(19, (int) ((um.applyAsDouble(m) - min) / width)));
                    return bin >= first && bin <= last;
                })
                .toList();
    }

    private static List<SeededAcquisition.Micrograph> expected(
            List<SeededAcquisition.Micrograph> micrographs, Predicate<SeededAcquisition.Micrograph> shown) {
        return micrographs.stream()
                .filter(shown)
                .sorted(Comparator.comparingDouble(SeededAcquisition.Micrograph::defocusUm))
                .toList();
    }

    private static String square(SeededAcquisition.Square s) {
        return "svg[data-testid=atlas] [data-square-uuid='" + s.uuid() + "']";
    }

    /** The uuids of the rows in the DOM, in their order. */
    @SuppressWarnings("unchecked")
    private static List<String> rowsInDom(Browser browser) {
        return (List<String>) browser.script("return [...document.querySelectorAll("
                + "'[data-testid=table] tbody tr[data-row-index]')].map(r => r.getAttribute('data-uuid'))");
    }

    /** What the rows in the DOM must be: the expected rows at the indices the DOM's rows carry. */
    @SuppressWarnings("unchecked")
    private static List<String> expectedInDom(Browser browser, List<SeededAcquisition.Micrograph> expected) {
        List<Object> indices = (List<Object>)
                browser.script(
                        "return [...document.querySelectorAll("
                                + "'[data-testid=table] tbody tr[data-row-index]')].map(r => Number(r.getAttribute('data-row-index')))");
        return indices.stream()
                .map(i -> ((Number) i).intValue())
                .map(i -> i < expected.size() ? expected.get(i).uuid() : "beyond the expected rows: " + i)
                .toList();
    }

    private static double scrollTop(Browser browser) {
        return ((Number) browser.script("return document.querySelector('[data-testid=table-scroll]').scrollTop"))
                .doubleValue();
    }
}
