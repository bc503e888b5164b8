package io.sightline.cli.web;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Gives a test a fresh headless {@link Browser} (a parameter), skips the test with the reason when chromium
 * or chromedriver is not installed, saves a screenshot and the page's DOM of every failing test under
 * {@code target/browser-artifacts/<class>/<test>} and closes the browser afterwards.
 */
public final class BrowserExtension implements ExecutionCondition, ParameterResolver, AfterTestExecutionCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return Chromium.installed()
                .missing()
                .map(reason -> ConditionEvaluationResult.disabled("browser tests skipped: " + reason))
                .orElseGet(() -> ConditionEvaluationResult.enabled("chromium and chromedriver are installed"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // one browser per test; the store closes it after the test (and after this extension's callback)
        return context.getStore(NS).getOrComputeIfAbsent("browser", k -> open(), Browser.class);
    }

    private static Browser open() {
        ChromeDriver driver = Chromium.installed().start(Path.of("target", "chromium-profiles"));
        return new Browser(driver);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Browser browser = context.getStore(NS).get("browser", Browser.class);
        if (browser != null && context.getExecutionException().isPresent()) {
            BrowserArtifacts.save(
                    browser.driver(),
                    BrowserArtifacts.ROOT.resolve(context.getRequiredTestClass().getSimpleName()),
                    context.getRequiredTestMethod().getName());
        }
    }
}
