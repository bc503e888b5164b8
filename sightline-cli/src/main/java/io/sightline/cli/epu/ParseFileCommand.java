package io.sightline.cli.epu;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.epu.kind.EpuFileKind;
import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.EpuRecord;
import io.sightline.core.epu.read.EpuReadException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sightline parse <kind> FILE}: reads one EPU file and shows what it holds. */
@Command(mixinStandardHelpOptions = true, sortOptions = false)
final class ParseFileCommand implements Callable<Integer> {

    private final EpuKinds kinds;
    private final EpuFileKind<?, ?> kind;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to read.")
    Path file;

    @Mixin
    CliOutput output;

    ParseFileCommand(EpuKinds kinds, EpuFileKind<?, ?> kind) {
        this.kinds = kinds;
        this.kind = kind;
    }

    @Override
    public Integer call() throws Exception {
        EpuRecord record;
        try {
            record = kinds.reader(kind).read(file);
        } catch (EpuReadException e) {
            output.failure(e.kind() + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (output.json()) {
            output.printJson(record);
        } else {
            output.out().print(Summaries.of(kinds, kind, record));
            output.out().flush();
        }
        return ExitCode.OK;
    }
}
