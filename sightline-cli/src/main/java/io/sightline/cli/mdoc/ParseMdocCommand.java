package io.sightline.cli.mdoc;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Lines;
import io.sightline.core.mdoc.Mdoc;
import io.sightline.core.mdoc.MdocReader;
import io.sightline.core.mdoc.MdocTilt;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.DoubleSummaryStatistics;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sightline parse mdoc FILE}: what a SerialEM or Tomo5 mdoc says about its tilt series. */
@Command(
        name = "mdoc",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Read a SerialEM or Tomo5 .mdoc file: acquisition software, tilt axis, pixel spacing, voltage,"
                + " dose per tilt, EER frames and the tilts.")
public final class ParseMdocCommand implements Callable<Integer> {

    private static final int TILTS_SHOWN = 5;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .mdoc file to read.")
    Path file;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() {
        Mdoc mdoc;
        try {
            mdoc = new MdocReader().read(file);
        } catch (TextReadException e) {
            output.failure(e.kind() + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (output.json()) {
            output.printJson(mdoc);
        } else {
            output.out().print(text(mdoc));
            output.out().flush();
        }
        return ExitCode.OK;
    }

    private String text(Mdoc m) {
        Lines l = new Lines();
        l.add("file", file);
        l.add("software", m.software().name().toLowerCase(Locale.ROOT));
        l.add("tilt axis", m.tiltAxisAngle() == null ? null : m.tiltAxisAngle() + "°");
        l.add("pixel spacing", m.pixelSpacing() == null ? null : m.pixelSpacing() + " Å");
        l.add("voltage", m.voltage() == null ? null : m.voltage() + " kV");
        l.add("dose per tilt", m.dosePerTilt() == null ? null : m.dosePerTilt() + " e/Å²");
        l.add(
                "frames",
                m.eer() ? "EER" : m.tilts().stream().anyMatch(t -> t.subFramePath() != null) ? "not EER" : null);
        DoubleSummaryStatistics angles = m.tilts().stream()
                .map(MdocTilt::tiltAngle)
                .filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue)
                .summaryStatistics();
        l.add(
                "tilts",
                m.tilts().size()
                        + (angles.getCount() == 0
                                ? ""
                                : String.format(Locale.ROOT, ", %.2f° to %.2f°", angles.getMin(), angles.getMax())));
        m.tilts().stream().limit(TILTS_SHOWN).forEach(t -> l.item(tilt(t)));
        l.add("sections", m.sections().size());
        return l.toString();
    }

    private static String tilt(MdocTilt t) {
        return String.format(
                Locale.ROOT,
                "ZValue %s: tilt %s, dose before %.2f%s",
                t.zValue(),
                t.tiltAngle() == null ? "?" : String.format(Locale.ROOT, "%.2f°", t.tiltAngle()),
                t.preExposure(),
                t.subFrameName() == null ? "" : ", " + t.subFrameName());
    }
}
