package io.sightline.cli.epu;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Progress;
import io.sightline.core.epu.dir.EpuDirectory;
import io.sightline.core.epu.dir.EpuDirectoryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline parse dir DIR}: reads every grid under a folder into the model. */
@Command(
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Read every grid (EpuSession.dm) under DIR with its atlas, squares, foil holes and micrographs.")
final class ParseDirCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "DIR",
            description = "A grid folder, or a visit folder holding several grids.")
    Path dir;

    @Option(names = "--threads", paramLabel = "N", description = "Files read in parallel (default: one per processor).")
    Integer threads;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            output.failure(dir + " is not a directory");
            return ExitCode.FAILED;
        }
        long start = System.nanoTime();
        EpuDirectoryReader reader = threads == null
                ? new EpuDirectoryReader()
                : new EpuDirectoryReader(io.sightline.core.epu.kind.EpuKinds.standard(), threads);
        EpuDirectory read;
        try (Progress progress = new Progress(output.showProgress(), System.err, "reading")) {
            read = reader.read(dir, progress);
        }
        if (output.json()) {
            output.printJson(read);
        } else {
            output.out().print(Summaries.of(read, System.nanoTime() - start));
            output.out().flush();
        }
        return ExitCode.OK;
    }
}
