package io.sightline.cli.epu;

import io.sightline.cli.image.ParseImageCommand;
import io.sightline.cli.mdoc.ParseMdocCommand;
import io.sightline.cli.star.ParseStarCommand;
import io.sightline.core.epu.kind.EpuFileKind;
import io.sightline.core.epu.kind.EpuKinds;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sightline parse}: the parent of one subcommand per EPU file kind, plus {@code dir}, and one per other
 * format ({@code image}, {@code star}, {@code mdoc}).
 */
@Command(
        name = "parse",
        mixinStandardHelpOptions = true,
        description = "Read EPU output, an image's header, RELION STAR files or SerialEM mdocs and show what they"
                + " hold: a summary by default, the full model with --json.",
        footer = {
            "",
            "Exit codes: 0 read, 1 the file could not be read (incomplete, malformed, unsupported), 2 usage error."
        })
public final class ParseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** Adds the per-kind subcommands; picocli cannot declare several instances of one class by annotation. */
    public static CommandLine create() {
        CommandLine parse = new CommandLine(new ParseCommand());
        parse.addSubcommand("dir", new ParseDirCommand());
        parse.addSubcommand("image", new ParseImageCommand());
        EpuKinds kinds = EpuKinds.standard();
        for (EpuFileKind<?, ?> kind : kinds.all()) {
            CommandLine sub = new CommandLine(new ParseFileCommand(kinds, kind));
            sub.getCommandSpec().usageMessage().description("Read " + kind.description() + ".");
            parse.addSubcommand(kind.name(), sub);
        }
        parse.addSubcommand("star", new ParseStarCommand());
        parse.addSubcommand("mdoc", new ParseMdocCommand());
        return parse;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "say what to parse: dir, image, "
                        + EpuKinds.STANDARD.stream().map(EpuFileKind::name).collect(Collectors.joining(", "))
                        + ", star or mdoc");
    }
}
