package io.sightline.cli.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * What a failing browser test leaves behind for a person to look at: a screenshot of the page as it was
 * and its DOM at that moment (the page source after scripts ran), under {@code target/browser-artifacts/}.
 */
public final class BrowserArtifacts {
    /** Where the artefacts go; relative to the module, where Maven runs the tests. */
    public static final Path ROOT = Path.of("target", "browser-artifacts");

    private BrowserArtifacts() {}

    /**
     * Saves {@code name}.png and {@code name}.html under {@code dir}; answers the files written. A browser
     * that died is said in a {@code .txt} instead, so that the test's own failure is not hidden by this.
     */
    public static List<Path> save(WebDriver driver, Path dir, String name) {
        List<Path> written = new ArrayList<>();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        try {
            Files.createDirectories(dir);
            try {
                byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
                written.add(Files.write(dir.resolve(safe + ".png"), png));
                String dom = (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                        .executeScript("return document.documentElement.outerHTML");
                written.add(Files.writeString(
                        dir.resolve(safe + ".html"),
                        "<!-- " + driver.getCurrentUrl().replace("--", "-\\-") + " -->\n" + dom,
                        StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                written.add(
                        Files.writeString(dir.resolve(safe + ".txt"), "no screenshot: " + e, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the test's failure is what matters; a full disk must not replace it
        }
        return written;
    }
}
