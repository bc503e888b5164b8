package io.sightline.cli.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless chromium for one test, with the waits the tests use: every wait is for a condition on the
 * page, up to a deadline ({@link #WAIT}), never a fixed sleep. Closing it ends the browser and its driver.
 */
public final class Browser implements AutoCloseable {
    /** Long enough for a loaded two-core machine; a wait ends as soon as its condition holds. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;

    Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser open(URI page) {
        driver.get(page.toString());
        return this;
    }

    /**
     * Waits (up to {@link #WAIT}) until {@code condition} answers neither null nor false; answers that. A
     * live page swaps regions as events arrive, so an element found a moment ago may be gone: that try
     * counts as not yet, and the condition is asked again.
     */
    public <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT)
                .withMessage(what)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Clicks the element matching {@code css}, finding it again if the page swapped it meanwhile. */
    public void click(String css) {
        await("a click on " + css, d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The text of the first element matching {@code css}, or empty when there is none (one script). */
    public String text(String css) {
        Object text = script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css);
        return text == null ? "" : text.toString().trim();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element matches {@code css}; answers the first. */
    public WebElement awaitElement(String css) {
        return await(
                "an element " + css,
                d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
