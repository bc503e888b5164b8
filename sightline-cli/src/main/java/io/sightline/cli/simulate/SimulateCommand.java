package io.sightline.cli.simulate;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sightline simulate}: the parent of one subcommand per simulated instrument. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Write what an instrument would write, for tests, demos and benchmarks.",
        subcommands = {SimulateEpuCommand.class, SimulateDaqCommand.class})
public final class SimulateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to simulate: epu or daq");
    }
}
