package io.sightline.cli.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sightline.core.json.SightlineJson;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where a command's results go: readable text or {@code --json} on standard output, one-line failures and
 * progress on standard error. Shared by every command as a picocli mixin so they all behave alike.
 */
public final class CliOutput {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--json", description = "Print the full result as JSON on standard output.")
    boolean json;

    @Option(names = "--no-progress", description = "Never draw a progress bar (it is drawn only on a terminal anyway).")
    boolean noProgress;

    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** One line on standard error naming what went wrong; the caller returns the exit code. */
    public void failure(String message) {
        err().println("sightline " + spec.qualifiedName().replaceFirst("^sightline ", "") + ": " + message);
        err().flush();
    }

    public void printJson(Object value) {
        try {
            ObjectMapper mapper = SightlineJson.newObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            out().println(mapper.writeValueAsString(value));
            out().flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write JSON: " + e.getMessage(), e);
        }
    }

    /** True when a progress bar helps: an interactive terminal, and the user did not turn it off. */
    public boolean showProgress() {
        return !noProgress && System.getenv("CI") == null && isTerminal(System.console());
    }

    // From JDK 22 System.console() is non-null even when redirected, and Console.isTerminal() says the truth;
    // on 21 a non-null console already means a terminal. Reflection keeps the 21 language level.
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
