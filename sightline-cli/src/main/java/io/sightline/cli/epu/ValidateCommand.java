package io.sightline.cli.epu;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Progress;
import io.sightline.core.epu.dir.EpuValidator;
import io.sightline.core.epu.dir.ValidationReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sightline validate DIR}: is this a complete, readable EPU output folder? */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check that DIR is a complete EPU output folder: structure (EpuSession.dm, Metadata/, "
                    + "Images-Disc<N> with N >= 1) and content (every recognised file parses). Lists every problem."
        },
        footer = {"", "Exit codes: 0 valid, 1 not valid (problems listed), 2 usage error."})
public final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "A grid folder or a visit folder holding several grids.")
    Path dir;

    @Mixin
    CliOutput output;

    /** The report as programs read it: the verdict spelled out beside the issues. */
    record JsonReport(Path dir, boolean valid, java.util.List<ValidationReport.Issue> issues) {}

    @Override
    public Integer call() {
        ValidationReport report;
        try (Progress progress = new Progress(output.showProgress(), System.err, "validating")) {
            report = new EpuValidator().validate(dir, progress);
        }
        if (output.json()) {
            output.printJson(new JsonReport(report.dir(), report.valid(), report.issues()));
        } else if (report.valid()) {
            output.out().println(dir + ": valid EPU output");
        } else {
            output.out()
                    .println(dir + ": not valid, " + report.issues().size() + " problem"
                            + (report.issues().size() == 1 ? "" : "s") + ":");
            for (ValidationReport.Issue issue : report.issues()) {
                output.out()
                        .println("  " + issue.category().name().toLowerCase(java.util.Locale.ROOT) + " " + issue.kind()
                                + ": " + issue.message());
            }
        }
        output.out().flush();
        return report.valid() ? ExitCode.OK : ExitCode.FAILED;
    }
}
