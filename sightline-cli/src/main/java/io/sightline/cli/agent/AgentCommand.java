package io.sightline.cli.agent;

import picocli.CommandLine.Command;

/** {@code sightline agent}: the instrument-side agent. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = "The agent beside the instrument: watches what EPU writes and delivers it to a server.",
        subcommands = {WatchCommand.class})
public final class AgentCommand {}
