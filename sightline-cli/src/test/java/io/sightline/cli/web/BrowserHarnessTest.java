package io.sightline.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.simulate.epu.EpuSimulation;
import io.sightline.simulate.epu.PlannedWrite;
import io.sightline.simulate.epu.SimulatedSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser harness on its own, before any dashboard page exists: Debian's chromium, started by path,
 * follows the real server's event stream (from a page of that server, so same origin as the dashboard)
 * while the simulated microscope writes and the real agent delivers; and a failing test's artefacts.
 */
@ExtendWith(BrowserExtension.class)
class BrowserHarnessTest {
    @TempDir
    Path temp;

    static EpuSimulation small() {
        return EpuSimulation.defaults().toBuilder()
                .squares(6)
                .visitedSquares(2)
                .holesPerSquare(8)
                .acquiredHolesPerSquare(3)
                .micrographsPerHole(1)
                .atlasTiles(4)
                .rate(40)
                .build();
    }

    @Test
    void aBrowserPageSeesTheSessionArriveLiveOverTheServersEventStream(Browser browser) throws Exception {
        try (LiveAcquisition live = LiveAcquisition.open(temp)
                .holdBefore(PlannedWrite.Kind.MICROGRAPH_MANIFEST)
                .startAgent()
                .startWriting(small())) {
            live.awaitHeld();
            browser.open(live.page("/docs"));
            browser.script("""
                    window.seen = [];
                    const stream = new EventSource('/api/v1/events/stream?types=micrograph.created');
                    stream.addEventListener('micrograph.created', e => window.seen.push(JSON.parse(e.data)));
                    """);
            assertThat(browser.script("return window.seen.length")).isEqualTo(0L);
            live.release();
            SimulatedSession written = live.awaitWritten();

            // every micrograph written after the page opened reaches it as an event, without a reload
            Long count = browser.await(
                    "all micrograph events reach the page",
                    d -> ((Number) browser.script("return window.seen.length")).longValue() == written.micrographCount()
                            ? (Long) browser.script("return window.seen.length")
                            : null);
            assertThat(count).isEqualTo(written.micrographCount());
        }
    }

    @Test
    void aFailingTestLeavesAScreenshotAndThePagesDom(Browser browser) throws Exception {
        browser.driver().get("data:text/html,<title>t</title><p id=x>shown when it failed</p>");
        Path dir = temp.resolve("artefacts");
        List<Path> files = BrowserArtifacts.save(browser.driver(), dir, "some test()");
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("some_test__.png", "some_test__.html");
        byte[] png = Files.readAllBytes(dir.resolve("some_test__.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(dir.resolve("some_test__.html"))).contains("shown when it failed");
    }
}
