package io.sightline.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.PixelSpacing;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.json.SightlineJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sightline parse image FILE}: what an image file's header says (MRC, TIFF, JPEG, PNG), without its pixels. */
@Command(
        name = "image",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Read an image's header (MRC2014, TIFF, JPEG, PNG): shape, dtype, pixel size, pages.")
public final class ParseImageCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The image file to read.")
    Path file;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() {
        ImageHeader header;
        try {
            header = ImageFormats.standard().header(file);
        } catch (ImageReadException e) {
            output.failure(e.kind() + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
        if (output.json()) {
            output.printJson(header);
        } else {
            output.out().print(summary(header));
            output.out().flush();
        }
        return ExitCode.OK;
    }

    static String summary(ImageHeader h) {
        StringBuilder s = new StringBuilder();
        line(s, "file", h.file().toString());
        line(s, "format", h.format());
        line(
                s,
                "shape",
                h.shape().stream().map(String::valueOf).collect(Collectors.joining(" × ")) + "  (" + h.layout() + ")");
        line(s, "dtype", h.dtype().dtype());
        line(s, "pages", String.valueOf(h.pages()));
        line(s, "pixel size", h.pixelSpacing() == null ? "not given" : spacing(h.pixelSpacing()));
        line(s, "details", details(h));
        return s.toString();
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format(Locale.ROOT, "%-12s%s%n", label + ":", value));
    }

    private static String spacing(PixelSpacing p) {
        List<String> sizes = new ArrayList<>(List.of(length(p.x()), length(p.y())));
        if (p.z() != null) {
            sizes.add(length(p.z()));
        }
        return String.join(" × ", sizes);
    }

    /** A length in the unit a microscopist would say it in: ångström for atoms, nm to µm for cells and grids. */
    private static String length(double metres) {
        if (metres < 1e-8) {
            return String.format(Locale.ROOT, "%.4g Å", metres / 1e-10);
        }
        if (metres < 1e-5) {
            return String.format(Locale.ROOT, "%.4g nm", metres / 1e-9);
        }
        if (metres < 1e-2) {
            return String.format(Locale.ROOT, "%.4g µm", metres / 1e-6);
        }
        return String.format(Locale.ROOT, "%.4g mm", metres / 1e-3);
    }

    /** The format's own fields as key=value, whatever the format: each format's details record says them. */
    private static String details(ImageHeader h) {
        JsonNode details = SightlineJson.newObjectMapper().valueToTree(h.details());
        List<String> pairs = new ArrayList<>();
        details.fields().forEachRemaining(f -> {
            JsonNode node = f.getValue();
            String text = node.isTextual() ? node.asText() : node.toString();
            String value = text.replace('\n', ' ');
            if (!value.isEmpty() && !value.equals("[]")) {
                pairs.add(f.getKey() + "=" + (value.length() > 60 ? value.substring(0, 57) + "..." : value));
            }
        });
        return String.join("  ", pairs);
    }
}
