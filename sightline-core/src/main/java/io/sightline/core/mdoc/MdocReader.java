package io.sightline.core.mdoc;

import io.sightline.core.text.LineReader;
import io.sightline.core.text.TextReadException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an mdoc file into an {@link Mdoc}. Lines are {@code key = value} (split at the first {@code =}),
 * {@code [T = title]} or a section header {@code [Kind = id]}; blank lines separate. A line that is none of
 * these, or a number that is not one where a number belongs, is a {@link TextReadException.Malformed} naming
 * line and column; one cut short at the end of a file still being written is
 * {@link TextReadException.Incomplete}. Stateless and thread-safe; nothing unchecked escapes.
 */
public final class MdocReader {

    private static final Pattern SERIALEM_AXIS = Pattern.compile("Tilt axis angle\\s*=\\s*([-+0-9.eE]+)");
    private static final Pattern TOMO5_AXIS = Pattern.compile("TiltAxisAngle\\s*=\\s*([-+0-9.eE]+)");
    private static final String IMAGE = "ZValue";

    public Mdoc read(Path file) throws TextReadException {
        try (LineReader lines = LineReader.open(file)) {
            return read(lines);
        }
    }

    /** Reads from {@code in}, naming {@code file} in errors; {@code in} is not closed. */
    public Mdoc read(InputStream in, Path file) throws TextReadException {
        try (LineReader lines = LineReader.of(in, file)) {
            return read(lines);
        }
    }

    private Mdoc read(LineReader lines) throws TextReadException {
        try {
            return parse(lines);
        } catch (RuntimeException e) {
            // A bug here must still reach the caller as a typed error naming the place, never as a crash.
            throw new TextReadException.Malformed(lines.file(), lines.number(), -1, "cannot read this line: " + e);
        }
    }

    private Mdoc parse(LineReader lines) throws TextReadException {
        List<MdocEntry> header = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<MdocSection> sections = new ArrayList<>();
        String kind = null;
        String id = null;
        int sectionLine = 0;
        List<MdocEntry> entries = header;
        while (lines.next()) {
            String content = lines.content();
            String line = content.strip();
            if (line.isEmpty()) {
                continue;
            }
            int indent = content.indexOf(line.charAt(0));
            int equals = line.indexOf('=');
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || equals < 0) {
                    throw problem(lines, indent + 1, "a section header is [Name = value]");
                }
                String name = line.substring(1, equals).strip();
                String value = line.substring(equals + 1, line.length() - 1).strip();
                if (name.equals("T")) {
                    titles.add(value);
                    continue;
                }
                if (name.isEmpty()) {
                    throw problem(lines, indent + 2, "a section header without a name");
                }
                if (kind != null) {
                    sections.add(new MdocSection(kind, id, sectionLine, entries));
                }
                kind = name;
                id = value;
                sectionLine = lines.number();
                entries = new ArrayList<>();
                continue;
            }
            if (equals <= 0) {
                throw problem(lines, indent + 1, "neither 'key = value' nor a [section]");
            }
            String key = line.substring(0, equals).strip();
            String rest = line.substring(equals + 1);
            String value = rest.strip();
            if (kind == null && key.equals("T")) {
                titles.add(value);
            }
            int column = indent + equals + 1 + (value.isEmpty() ? 0 : rest.indexOf(value.charAt(0))) + 1;
            entries.add(new MdocEntry(key, value, lines.number(), column));
        }
        if (kind != null) {
            sections.add(new MdocSection(kind, id, sectionLine, entries));
        }
        return facts(lines.file(), header, titles, sections);
    }

    private static TextReadException problem(LineReader lines, int column, String problem) {
        return lines.terminated()
                ? new TextReadException.Malformed(lines.file(), lines.number(), column, problem)
                : new TextReadException.Incomplete(
                        lines.file(), lines.number(), column, "the file ends in a line cut short");
    }

    private static Mdoc facts(Path file, List<MdocEntry> header, List<String> titles, List<MdocSection> sections)
            throws TextReadException {
        List<MdocSection> images =
                sections.stream().filter(s -> s.kind().equals(IMAGE)).toList();
        Optional<MdocSection> first = images.isEmpty() ? sections.stream().findFirst() : Optional.of(images.get(0));
        AcquisitionSoftware software = software(titles);
        Double pixelSpacing =
                number(file, entry(header, "PixelSpacing").or(() -> first.flatMap(s -> s.entry("PixelSpacing"))));
        Double voltage = number(file, entry(header, "Voltage").or(() -> first.flatMap(s -> s.entry("Voltage"))));
        Double dosePerTilt =
                number(file, first.flatMap(s -> s.entry("ExposureDose")).or(() -> entry(header, "ExposureDose")));
        Double firstRotation = number(file, first.flatMap(s -> s.entry("RotationAngle")));
        Double tiltAxis = tiltAxis(software, titles, firstRotation);

        List<MdocTilt> tilts = new ArrayList<>();
        double dose = 0;
        boolean eer = false;
        for (MdocSection s : images) {
            Double exposure = number(file, s.entry("ExposureDose"));
            Double prior = number(file, s.entry("PriorRecordDose"));
            String frames = s.value("SubFramePath").orElse(null);
            boolean isEer = frames != null && frames.toLowerCase(Locale.ROOT).endsWith(".eer");
            eer |= isEer;
            Double frameCount = number(file, s.entry("NumSubFrames"));
            tilts.add(new MdocTilt(
                    s.id(),
                    number(file, s.entry("TiltAngle")),
                    exposure,
                    prior,
                    prior != null ? prior : dose,
                    number(file, s.entry("RotationAngle")),
                    number(file, s.entry("Defocus")),
                    frames,
                    frames == null
                            ? null
                            : frames.substring(Math.max(frames.lastIndexOf('\\'), frames.lastIndexOf('/')) + 1),
                    isEer,
                    frameCount == null ? null : frameCount.intValue(),
                    s.value("DateTime").orElse(null),
                    s.line()));
            dose += exposure != null ? exposure : dosePerTilt != null ? dosePerTilt : 0;
        }
        return new Mdoc(software, tiltAxis, pixelSpacing, voltage, dosePerTilt, eer, tilts, header, titles, sections);
    }

    private static AcquisitionSoftware software(List<String> titles) {
        for (String t : titles) {
            if (t.startsWith("SerialEM:")) {
                return AcquisitionSoftware.SERIALEM;
            }
            if (t.startsWith("Tomography:")) {
                return AcquisitionSoftware.TOMO5;
            }
        }
        return AcquisitionSoftware.UNKNOWN;
    }

    private static Double tiltAxis(AcquisitionSoftware software, List<String> titles, Double firstRotation) {
        Double serialEm = titleNumber(titles, SERIALEM_AXIS);
        return switch (software) {
            case SERIALEM -> serialEm;
            case TOMO5 -> firstRotation == null ? null : Math.abs(firstRotation);
            case UNKNOWN -> serialEm != null ? serialEm : titleNumber(titles, TOMO5_AXIS);
        };
    }

    private static Double titleNumber(List<String> titles, Pattern pattern) {
        for (String t : titles) {
            Matcher m = pattern.matcher(t);
            if (m.find()) {
                try {
                    return Double.parseDouble(m.group(1));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static Optional<MdocEntry> entry(List<MdocEntry> entries, String key) {
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** The first number of an entry's value ("0.5" or "20.79 155.28"), null when absent or empty. */
    private static Double number(Path file, Optional<MdocEntry> entry) throws TextReadException {
        if (entry.isEmpty() || entry.get().value().isEmpty()) {
            return null;
        }
        String value = entry.get().value();
        String first = value.split("\\s+", 2)[0];
        try {
            return Double.parseDouble(first);
        } catch (NumberFormatException e) {
            throw new TextReadException.Malformed(
                    file,
                    entry.get().line(),
                    entry.get().column(),
                    entry.get().key() + " is '" + value + "', not a number");
        }
    }
}
