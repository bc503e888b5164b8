package io.sightline.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The acquisition page's table (docs/dashboard.md, "Table") in a real headless chromium, over a real server
 * holding a seeded acquisition: 5,000 micrographs virtualised, sorted by click and by keyboard, filtered by
 * text and range, exported as the CSV of exactly what is shown; squares and holes likewise. Expected rows
 * are computed here from the seeded truth, never read back from the page.
 */
@ExtendWith(BrowserExtension.class)
class DashboardTableBrowserTest {
    @TempDir
    Path downloads;

    @Test
    void fiveThousandMicrographsAreVirtualisedSortedFilteredAndExportedAsShown(Browser browser) throws Exception {
        try (TestServer server = TestServer.start()) {
            SeededAcquisition seeded = SeededAcquisition.write(server, 20, 10, 50, 5000);
            Map<String, SeededAcquisition.Micrograph> byUuid = seeded.micrographs().stream()
                    .collect(Collectors.toMap(SeededAcquisition.Micrograph::uuid, Function.identity()));
            browser.open(server.uri("/ui/acquisitions/" + seeded.acquisitionUuid()));
            openTab(browser, "micrographs");
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo("5000 of 5000 micrographs");

            // virtualised: a screenful of rows in the DOM, spacers for the rest, the last row reachable
            int inDom = browser.findAll("[data-testid=table] tbody tr[data-row-index]")
                    .size();
            assertThat(inDom).isBetween(5, 80);
            assertThat(spacer(browser, "bottom")).isGreaterThan(4000 * 20.0);
            browser.script("const s = document.querySelector('[data-testid=table-scroll]');"
                    + " s.scrollTop = s.scrollHeight;");
            browser.awaitElement("[data-testid=table] tbody tr[data-row-index='4999']");
            assertThat(browser.findAll("[data-testid=table] tbody tr[data-row-index]"))
                    .hasSizeLessThan(100);
            assertThat(spacer(browser, "top")).isGreaterThan(4000 * 20.0);
            browser.script("document.querySelector('[data-testid=table-scroll]').scrollTop = 0");
            browser.awaitElement("[data-testid=table] tbody tr[data-row-index='0']");
            assertThat(spacer(browser, "top")).as("no gap above the first row").isLessThan(2.0);

            // sort by a click on the header, then reverse it with Enter on the same header
            double least = seeded.micrographs().stream()
                    .mapToDouble(SeededAcquisition.Micrograph::defocusUm)
                    .min()
                    .orElseThrow();
            double most = seeded.micrographs().stream()
                    .mapToDouble(SeededAcquisition.Micrograph::defocusUm)
                    .max()
                    .orElseThrow();
            browser.click("th[data-column=defocus_um] button");
            browser.await("ascending by defocus", d -> "ascending".equals(sortOf(browser, "defocus_um")));
            assertThat(byUuid.get(firstRowUuid(browser)).defocusUm()).isEqualTo(least);
            browser.find("th[data-column=defocus_um] button").sendKeys(Keys.ENTER);
            browser.await("descending by defocus", d -> "descending".equals(sortOf(browser, "defocus_um")));
            assertThat(byUuid.get(firstRowUuid(browser)).defocusUm()).isEqualTo(most);
            assertThat(sortOf(browser, "acquisition_datetime")).isEqualTo("none");

            // filter: one hole's micrographs by text, then a defocus range, newest first
            SeededAcquisition.Hole hole = seeded.holes().get(7);
            browser.find("[data-testid=table-filter]").sendKeys("_" + hole.id() + "_");
            List<SeededAcquisition.Micrograph> ofHole = seeded.micrographs().stream()
                    .filter(m -> m.holeUuid().equals(hole.uuid()))
                    .toList();
            browser.await(
                    "the hole's micrographs only",
                    d -> browser.text("[data-testid=table-count]").equals(ofHole.size() + " of 5000 micrographs"));
            browser.find("input[data-filter-min=defocus_um]").sendKeys("-2.5");
            browser.find("input[data-filter-max=defocus_um]").sendKeys("-1.5");
            List<SeededAcquisition.Micrograph> expected = ofHole.stream()
                    .filter(m -> m.defocusUm() >= -2.5 && m.defocusUm() <= -1.5)
                    .sorted(Comparator.comparing(SeededAcquisition.Micrograph::time)
                            .reversed())
                    .toList();
            assertThat(expected).hasSizeBetween(2, ofHole.size() - 1); // the range keeps some and drops some
            browser.await(
                    "the range applied",
                    d -> browser.text("[data-testid=table-count]").equals(expected.size() + " of 5000 micrographs"));
            browser.click("th[data-column=acquisition_datetime] button");
            browser.click("th[data-column=acquisition_datetime] button");
            browser.await("newest first", d -> "descending".equals(sortOf(browser, "acquisition_datetime")));
            assertThat(rowUuids(browser)).containsExactlyElementsOf(uuids(expected));

            // the CSV is what is shown: same rows, same order, the shown columns
            browser.driver()
                    .executeCdpCommand(
                            "Browser.setDownloadBehavior",
                            Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            browser.click("button[data-action=export-csv]");
            Path file = downloads.resolve("micrographs-" + seeded.acquisitionUuid() + ".csv");
            browser.await("the CSV downloaded", d -> Files.isRegularFile(file));
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines.getFirst())
                    .isEqualTo("uuid,micrograph_id,gridsquare_id,foilhole_id,acquisition_datetime,defocus_um,"
                            + "ctf_max_resolution_estimate,total_motion,number_of_particles_picked");
            assertThat(lines.subList(1, lines.size()).stream()
                            .map(l -> l.split(",")[0])
                            .toList())
                    .containsExactlyElementsOf(uuids(expected));
            SeededAcquisition.Micrograph top = expected.getFirst();
            String[] first = lines.get(1).split(",", -1);
            assertThat(first[1]).isEqualTo(top.id());
            assertThat(first[2]).isEqualTo(hole.squareId());
            assertThat(first[3]).isEqualTo(hole.id());
            assertThat(first[4]).isEqualTo(top.time().toString());
            assertThat(Double.parseDouble(first[5]))
                    .isCloseTo(top.defocusUm(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(Long.parseLong(first[8])).isEqualTo(top.particles());

            // the first cell opens the micrograph
            browser.click("[data-testid=table] tbody tr[data-row-index='0'] td a");
            browser.await("the micrograph page", d -> d.getCurrentUrl().endsWith("/ui/micrographs/" + top.uuid()));
        }
    }

    @Test
    void squaresAndHolesSortFilterAndOpenTheirPages(Browser browser) throws Exception {
        try (TestServer server = TestServer.start()) {
            SeededAcquisition seeded = SeededAcquisition.write(server, 12, 3, 8, 60);
            browser.open(server.uri("/ui/acquisitions/" + seeded.acquisitionUuid()));
            openTab(browser, "squares");
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo("12 of 12 squares");
            assertThat(browser.find("button[data-table-kind=squares]").getAttribute("aria-selected"))
                    .isEqualTo("true");
            // most micrographs first: the three visited squares (60 dealt round 24 holes), then the nine unvisited
            browser.click("th[data-column=micrographs] button");
            browser.click("th[data-column=micrographs] button");
            browser.await("descending by micrographs", d -> "descending".equals(sortOf(browser, "micrographs")));
            List<String> cells = browser.findAll("[data-testid=table] tbody td[data-column=micrographs]").stream()
                    .map(WebElement::getText)
                    .toList();
            Map<String, Integer> perSquare = seeded.holes().stream()
                    .collect(Collectors.groupingBy(
                            SeededAcquisition.Hole::squareUuid,
                            Collectors.summingInt(SeededAcquisition.Hole::micrographs)));
            List<String> expected = seeded.squares().stream()
                    .map(s -> perSquare.getOrDefault(s.uuid(), 0))
                    .sorted(Comparator.reverseOrder())
                    .map(String::valueOf)
                    .toList();
            assertThat(cells).containsExactlyElementsOf(expected.subList(0, cells.size()));
            assertThat(expected.subList(0, 4)).containsExactly("24", "20", "16", "0");
            browser.find("input[data-filter-min=holes]").sendKeys("1");
            browser.await(
                    "visited squares only",
                    d -> browser.text("[data-testid=table-count]").equals("3 of 12 squares"));

            openTab(browser, "holes");
            assertThat(browser.text("[data-testid=table-count]")).isEqualTo("24 of 24 holes");
            assertThat(browser.find("button[data-table-kind=squares]").getAttribute("aria-selected"))
                    .isEqualTo("false");
            SeededAcquisition.Hole hole = seeded.holes().get(5);
            browser.find("[data-testid=table-filter]").sendKeys(hole.id());
            browser.await(
                    "one hole", d -> browser.text("[data-testid=table-count]").equals("1 of 24 holes"));
            assertThat(browser.text("[data-testid=table] tbody tr[data-row-index='0'] td[data-column=micrographs]"))
                    .isEqualTo(Integer.toString(hole.micrographs()));
            browser.click("[data-testid=table] tbody tr[data-row-index='0'] td a");
            browser.await(
                    "the hole on its square's page",
                    d -> d.getCurrentUrl().contains("/ui/gridsquares/" + hole.squareUuid() + "?hole=" + hole.uuid()));
            assertThat(browser.awaitElement("[data-testid=hole-micrographs] tr[data-micrograph-uuid]"))
                    .isNotNull();
        }
    }

    static void openTab(Browser browser, String kind) {
        browser.click("button[data-table-kind=" + kind + "]");
        browser.await(kind + " loaded", d -> {
            WebElement section = d.findElement(By.cssSelector("[data-testid=entity-table]"));
            return "ready".equals(section.getAttribute("data-state")) && kind.equals(section.getAttribute("data-kind"));
        });
    }

    private static String sortOf(Browser browser, String column) {
        return browser.find("th[data-column=" + column + "]").getAttribute("aria-sort");
    }

    private static double spacer(Browser browser, String which) {
        Object h = browser.script("return document.querySelector('[data-testid=table] tr[data-spacer=" + which
                + "] td').getBoundingClientRect().height");
        return ((Number) h).doubleValue();
    }

    private static String firstRowUuid(Browser browser) {
        return browser.find("[data-testid=table] tbody tr[data-row-index='0']").getAttribute("data-uuid");
    }

    private static List<String> rowUuids(Browser browser) {
        return browser.findAll("[data-testid=table] tbody tr[data-row-index]").stream()
                .map(r -> r.getAttribute("data-uuid"))
                .toList();
    }

    private static List<String> uuids(List<SeededAcquisition.Micrograph> micrographs) {
        return micrographs.stream().map(SeededAcquisition.Micrograph::uuid).toList();
    }
}
