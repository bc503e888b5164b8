package io.sightline.cli;

import io.sightline.cli.agent.AgentCommand;
import io.sightline.cli.data.DataCommand;
import io.sightline.cli.demo.DemoCommand;
import io.sightline.cli.epu.ParseCommand;
import io.sightline.cli.epu.ValidateCommand;
import io.sightline.cli.recording.RecordCommand;
import io.sightline.cli.recording.ReplayCommand;
import io.sightline.cli.server.ServerCommand;
import io.sightline.cli.server.TokenCommand;
import io.sightline.cli.simulate.SimulateCommand;
import io.sightline.cli.support.CommandFailedException;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.VersionProvider;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        System.exit(commandLine(args).execute(args));
    }

    /** The subcommands by name, each built only when asked for. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("demo", DemoCommand::new);
        m.put("parse", ParseCommand::create);
        m.put("validate", ValidateCommand::new);
        m.put("record", RecordCommand::new);
        m.put("replay", ReplayCommand::new);
        m.put("simulate", SimulateCommand::new);
        m.put("server", ServerCommand::new);
        m.put("token", TokenCommand::new);
        m.put("agent", AgentCommand::new);
        m.put("data", DataCommand::new);
        m.put("fastmon", io.sightline.cli.fastmon.FastmonCommand::new);
        m.put("stream", io.sightline.cli.fastmon.StreamCommand::new);
        m.put("pipeline", io.sightline.cli.pipeline.PipelineCommand::new);
        return m;
    }

    /** The whole command tree (for help and for anything that is not a known subcommand). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command tree for {@code args}: when the first argument names a subcommand, only that branch is
     * built. picocli reads every command's annotations reflectively when it is added, which for the whole
     * tree costs about a tenth of a second of a start that should take well under one; a command runs
     * and fails (usage errors, its own help) the same either way, because picocli only ever looks at
     * the branch that was named. Everything else (no argument, an option such as --help, {@code help},
     * an unknown or misspelt name) gets the whole tree, so suggestions and the command list are complete.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            add(commandLine, args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, sub) -> add(commandLine, name, sub.get()));
        }
        commandLine.setExecutionExceptionHandler(Main::reportFailure);
        return commandLine;
    }

    private static void add(CommandLine parent, String name, Object sub) {
        if (sub instanceof CommandLine c) {
            parent.addSubcommand(name, c);
        } else {
            parent.addSubcommand(name, sub);
        }
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
