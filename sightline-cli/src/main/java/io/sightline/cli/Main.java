package io.sightline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sightline} command: builds the command tree and exits with its code. */
@Command(
    name = "sightline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Live acquisition for scientific instruments: read, simulate, serve and watch EPU sessions.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }
}
