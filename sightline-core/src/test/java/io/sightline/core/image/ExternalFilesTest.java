package io.sightline.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.testing.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads files that other tools wrote (mrcfile, tifffile, ImageMagick: see make_images.py) and compares what
 * Sightline reads with what those tools say they stored: header fields, and whole planes, picked and
 * block-mean subsampled, against references numpy computed.
 */
class ExternalFilesTest {

    @TempDir
    Path dir;

    private final ImageFormats formats = ImageFormats.standard();

    @TestFactory
    Stream<DynamicTest> everyFileReadsAsItsWriterSaysItWasWritten() throws IOException {
        return perFile(this::checkFile);
    }

    interface FileCheck {
        void check(Path file, JsonNode expected) throws Exception;
    }

    /** One test per file the other tools wrote, named by the file and its tool. */
    private Stream<DynamicTest> perFile(FileCheck check) throws IOException {
        JsonNode manifest = generate();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode file : manifest.get("files")) {
            String name = file.get("name").asText();
            tests.add(DynamicTest.dynamicTest(
                    name + " (" + file.get("tool").asText() + ")", () -> check.check(dir.resolve(name), file)));
        }
        return tests.stream();
    }

    /**
     * Every file's decimated reads (every step-th row and column; step × step block means) hold exactly what
     * the full read of the same page holds at those places, for steps that divide the plane and steps that
     * leave ragged edge blocks.
     */
    @TestFactory
    Stream<DynamicTest> decimatedReadsEqualTheFullReadSubsampled() throws IOException {
        return perFile((file, expected) -> checkDecimation(file));
    }

    private void checkDecimation(Path file) throws Exception {
        try (ImageReader reader = formats.open(file)) {
            int lastPage = reader.header().pages() - 1;
            for (int page : new int[] {0, lastPage}) {
                Plane full = reader.read(PlaneRequest.full(page));
                for (int step : new int[] {2, 3, 8}) {
                    Plane picked = reader.read(new PlaneRequest(page, step, Subsampling.SAMPLE));
                    Plane means = reader.read(new PlaneRequest(page, step, Subsampling.MEAN));
                    int w = (full.width() + step - 1) / step;
                    int h = (full.height() + step - 1) / step;
                    assertThat(picked.width()).isEqualTo(w);
                    assertThat(picked.height()).isEqualTo(h);
                    assertThat(means.width()).isEqualTo(w);
                    assertThat(means.height()).isEqualTo(h);
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            String at = "page " + page + " step " + step + " at (" + x + ", " + y + ")";
                            assertThat(picked.at(x, y)).as("picked %s", at).isEqualTo(full.at(x * step, y * step));
                            double sum = 0;
                            int count = 0;
                            for (int yy = y * step; yy < Math.min((y + 1) * step, full.height()); yy++) {
                                for (int xx = x * step; xx < Math.min((x + 1) * step, full.width()); xx++) {
                                    sum += full.at(xx, yy);
                                    count++;
                                }
                            }
                            double mean = sum / count;
                            assertThat((double) means.at(x, y))
                                    .as("mean %s", at)
                                    .isCloseTo(mean, within(1e-5 * Math.max(1, Math.abs(mean))));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aCmykJpegIsRefusedByNameNotDecodedWrongly() throws IOException {
        Path convert = ExternalTools.requireImageMagick();
        Path cmyk = dir.resolve("cmyk.jpg");
        ExternalTools.runOrFail(
                List.of(convert.toString(), "-size", "40x30", "gradient:", "-colorspace", "CMYK", cmyk.toString()));

        assertThatThrownBy(() -> formats.header(cmyk))
                .isInstanceOfSatisfying(ImageReadException.Unsupported.class, e -> {
                    assertThat(e.file()).isEqualTo(cmyk);
                    assertThat(e.field()).isEqualTo("SOF0.components");
                });
    }

    private JsonNode generate() throws IOException {
        Path python = ExternalTools.python();
        Path script = dir.resolve("make_images.py");
        try (InputStream in = getClass().getResourceAsStream("make_images.py")) {
            Files.copy(in, script);
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), dir.toString()));
        ExternalTools.imageMagick().ifPresent(convert -> command.add(convert.toString()));
        ExternalTools.runOrFail(command);
        return new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
    }

    private void checkFile(Path file, JsonNode expected) throws Exception {
        try (ImageReader reader = formats.open(file)) {
            ImageHeader h = reader.header();
            assertThat(h.format()).isEqualTo(expected.get("format").asText());
            assertThat(h.width()).isEqualTo(expected.get("width").asInt());
            assertThat(h.height()).isEqualTo(expected.get("height").asInt());
            assertThat(h.pages()).isEqualTo(expected.get("pages").asInt());
            assertThat(h.channels()).isEqualTo(expected.get("channels").asInt());
            assertThat(h.dtype().dtype()).isEqualTo(expected.get("dtype").asText());
            assertThat(h.layout().json()).isEqualTo(expected.get("layout").asText());
            checkSpacing(h.pixelSpacing(), expected.get("spacing"));
            JsonNode details = new ObjectMapper().valueToTree(h.details());
            expected.get("details")
                    .fields()
                    .forEachRemaining(field -> assertThat(details.get(field.getKey()))
                            .as("details.%s", field.getKey())
                            .isEqualTo(field.getValue()));
            double tolerance = expected.get("tolerance").asDouble();
            for (JsonNode plane : expected.get("planes")) {
                checkPlane(reader, plane, tolerance);
            }
        }
    }

    private void checkPlane(ImageReader reader, JsonNode plane, double tolerance) throws Exception {
        Subsampling how = Subsampling.valueOf(plane.get("subsampling").asText().toUpperCase(java.util.Locale.ROOT));
        PlaneRequest request =
                new PlaneRequest(plane.get("page").asInt(), plane.get("step").asInt(), how);
        Plane read = reader.read(request);
        float[] reference = floats(dir.resolve(plane.get("ref").asText()));
        assertThat(read.width())
                .as("%s width", request)
                .isEqualTo(plane.get("width").asInt());
        assertThat(read.height())
                .as("%s height", request)
                .isEqualTo(plane.get("height").asInt());
        // block means are summed in another order than numpy's: allow for float rounding there
        double allowed = how == Subsampling.MEAN ? Math.max(tolerance, 1e-3) : tolerance;
        for (int i = 0; i < reference.length; i++) {
            float want = reference[i];
            float got = read.values()[i];
            if (allowed == 0) {
                assertThat(got).as("%s value %d", request, i).isEqualTo(want);
            } else {
                assertThat((double) got)
                        .as("%s value %d", request, i)
                        .isCloseTo(want, within(allowed * Math.max(1, Math.abs(want))));
            }
        }
    }

    private static void checkSpacing(PixelSpacing spacing, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            assertThat(spacing).isNull();
            return;
        }
        assertThat(spacing).isNotNull();
        assertThat(spacing.x())
                .isCloseTo(expected.get(0).asDouble(), within(expected.get(0).asDouble() * 1e-6));
        assertThat(spacing.y())
                .isCloseTo(expected.get(1).asDouble(), within(expected.get(1).asDouble() * 1e-6));
        if (expected.get(2).isNull()) {
            assertThat(spacing.z()).isNull();
        } else {
            assertThat(spacing.z())
                    .isCloseTo(
                            expected.get(2).asDouble(), within(expected.get(2).asDouble() * 1e-6));
        }
    }

    private static float[] floats(Path raw) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }
}
