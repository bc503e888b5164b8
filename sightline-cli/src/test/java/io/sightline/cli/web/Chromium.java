package io.sightline.cli.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven through Debian's chromedriver, both named by path. Selenium looks for a driver
 * (and may download one with Selenium Manager) only when it is not given one; giving both the driver
 * executable and the browser binary means nothing is ever downloaded, here or in CI. The paths can be
 * moved with {@code -Dsightline.chromium=...} and {@code -Dsightline.chromedriver=...}.
 */
public record Chromium(Path browser, Path driver) {
    public static final Path DEFAULT_BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DEFAULT_DRIVER = Path.of("/usr/bin/chromedriver");
    /** The size the dashboard promises to be readable at. */
    public static final int WIDTH = 1366;

    public static final int HEIGHT = 768;

    /** The installed pair, from the system properties or Debian's places. */
    public static Chromium installed() {
        return new Chromium(
                Path.of(System.getProperty("sightline.chromium", DEFAULT_BROWSER.toString())),
                Path.of(System.getProperty("sightline.chromedriver", DEFAULT_DRIVER.toString())));
    }

    /** Why no browser can be started here, or empty when both programs are present. */
    public Optional<String> missing() {
        if (!Files.isExecutable(browser)) {
            return Optional.of("no chromium at " + browser + " (apt-get install chromium chromium-driver; "
                    + "-Dsightline.chromium=PATH)");
        }
        if (!Files.isExecutable(driver)) {
            return Optional.of("no chromedriver at " + driver + " (apt-get install chromium-driver; "
                    + "-Dsightline.chromedriver=PATH)");
        }
        return Optional.empty();
    }

    /**
     * A fresh headless browser with its own profile folder (under {@code profiles}), so that no cookie,
     * cache or stored state of another test or run leaks in.
     */
    public ChromeDriver start(Path profiles) {
        Path profile;
        try {
            profile = Files.createTempDirectory(Files.createDirectories(profiles), "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(browser.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox", // as root in a container there is no user namespace to sandbox in
                        "--disable-gpu",
                        "--disable-dev-shm-usage", // /dev/shm is small in containers
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        "--window-size=" + WIDTH + "," + HEIGHT,
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        return new ChromeDriver(service, options);
    }
}
