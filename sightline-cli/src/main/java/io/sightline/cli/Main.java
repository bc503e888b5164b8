package io.sightline.cli;

import java.io.PrintWriter;
import io.sightline.cli.agent.AgentCommand;
import io.sightline.cli.epu.ParseCommand;
import io.sightline.cli.epu.ValidateCommand;
import io.sightline.cli.recording.RecordCommand;
import io.sightline.cli.recording.ReplayCommand;
import io.sightline.cli.server.ServerCommand;
import io.sightline.cli.server.TokenCommand;
import io.sightline.cli.simulate.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sightline} command: builds the command tree and exits with its code. */
@Command(
        name = "sightline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Live acquisition for scientific instruments: read, simulate, serve and watch EPU sessions.",
        footer = {
            "",
            "Exit codes: 0 ok, 1 failed (problems found or work not done), 2 usage error, 3 environment error."
        },
        subcommands = {CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine =
                new CommandLine(new Main())
                        .addSubcommand(new DemoCommand())
            .addSubcommand(ParseCommand.create())
                        .addSubcommand(new ValidateCommand())
            .addSubcommand(new RecordCommand())
            .addSubcommand(new ReplayCommand())
            .addSubcommand(new SimulateCommand())
            .addSubcommand(new ServerCommand())
            .addSubcommand(new TokenCommand())
            .addSubcommand(new AgentCommand());
        commandLine.setExecutionExceptionHandler(Main::reportFailure);
        return commandLine;
    }

    /** A failed command prints one line naming what went wrong; stack traces only with SIGHTLINE_DEBUG=1. */
    private static int reportFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println("sightline " + commandLine.getCommandName() + ": " + oneLine(failure));
        if ("1".equals(System.getenv("SIGHTLINE_DEBUG"))) {
            failure.printStackTrace(err);
        }
        err.flush();
        return failure instanceof CommandFailedException failed ? failed.exitCode() : ExitCode.FAILED;
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
