package io.sightline.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.print.PageSize;
import org.openqa.selenium.print.PrintOptions;

/**
 * The printable session report (docs/dashboard.md, "Session report"): headless chromium prints it to PDF
 * on A4 and the PDF has one page, for the benchmark-sized atlas of 420 squares with every chart.
 */
@ExtendWith(BrowserExtension.class)
class DashboardReportBrowserTest {
    /** A page object in a PDF (not the page tree, {@code /Type /Pages}). */
    private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");

    @Test
    void theSessionReportPrintsOnOneA4Page(Browser browser) throws Exception {
        try (TestServer server = TestServer.start()) {
            SeededAcquisition seeded = SeededAcquisition.write(server, 420, 10, 57, 2000);
            browser.open(server.uri("/ui/acquisitions/" + seeded.acquisitionUuid()));
            browser.click("a[data-testid=report-link]");
            browser.await("the report", d -> d.getCurrentUrl().endsWith("/report"));
            browser.await(
                    "the atlas with every square",
                    d -> browser.findAll("[data-testid=report] svg[data-testid=atlas] [data-square-uuid]")
                                    .size()
                            == 420);
            assertThat(browser.text("[data-testid=report-figures] [data-field=micrographs]"))
                    .isEqualTo("2000");
            assertThat(browser.findAll("[data-testid=report] svg[data-testid$=histogram]"))
                    .hasSize(3);
            assertThat(browser.findAll("[data-testid=report] svg[data-testid=timeline]"))
                    .hasSize(1);
            assertThat(pages(browser)).as("pages of the printed report").isEqualTo(1);

            // it is the print rules that fit it: without them the same report takes more than one page
            browser.script("document.querySelector('link[href=\"/ui/assets/table.css\"]').remove()");
            assertThat(pages(browser))
                    .as("pages of the report without its print rules")
                    .isGreaterThan(1);
        }
    }

    /** Prints the page on A4 portrait and counts the PDF's page objects. */
    private static int pages(Browser browser) {
        PrintOptions options = new PrintOptions();
        options.setPageSize(new PageSize(29.7, 21.0));
        options.setBackground(true);
        byte[] pdf = Base64.getDecoder().decode(browser.driver().print(options).getContent());
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        Matcher m = PAGE.matcher(new String(pdf, StandardCharsets.ISO_8859_1));
        int pages = 0;
        while (m.find()) {
            pages++;
        }
        return pages;
    }
}
