package io.sightline.core.image.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.image.mrc.MrcWriter;
import io.sightline.core.testing.Samples;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendererTest {

    @TempDir
    Path dir;

    private final ImageFormats formats = ImageFormats.standard();
    private final Renderer renderer = new Renderer();

    @Test
    void aWideImageIsFittedToTheEdgeKeepingItsAspectAndItsGradient() throws Exception {
        Path file = mrc("wide.mrc", 600, 300, 1, (x, y, z) -> x);

        RenderedImage png = render(file, RenderRequest.thumbnail(100));
        BufferedImage image = decode(png);

        assertThat(png.mediaType()).isEqualTo("image/png");
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(50);
        assertThat(grey(image, 5, 25)).isLessThan(grey(image, 50, 25));
        assertThat(grey(image, 50, 25)).isLessThan(grey(image, 95, 25));
    }

    @Test
    void autoContrastIgnoresAFewHotPixelsThatAFullRangeWouldLetDominate() throws Exception {
        Path file = mrc("hot.mrc", 200, 200, 1, (x, y, z) -> x == 7 && y == 7 ? 1e6f : x);

        BufferedImage auto = decode(render(file, RenderRequest.thumbnail(200)));
        BufferedImage range = decode(render(
                file, new RenderRequest(new Selection.Page(0), new Contrast.Range(0, 1e6), 200, OutputFormat.PNG)));

        assertThat(grey(auto, 150, 100) - grey(auto, 50, 100)).isGreaterThan(100);
        assertThat(grey(range, 150, 100)).isEqualTo(grey(range, 50, 100));
    }

    @Test
    void aMaxProjectionShowsTheBrightSpotOfEverySectionAndOneSectionOnlyItsOwn() throws Exception {
        // section z has a bright square at x = 20 * z: only the projection shows all of them
        Path file = mrc(
                "spots.mrc", 100, 40, 4, (x, y, z) -> x >= 20 * z + 5 && x < 20 * z + 15 && y > 10 && y < 30 ? 100 : 0);
        RenderRequest max =
                new RenderRequest(new Selection.MaxProjection(), new Contrast.Range(0, 100), 100, OutputFormat.PNG);
        RenderRequest section2 =
                new RenderRequest(new Selection.Page(2), new Contrast.Range(0, 100), 100, OutputFormat.PNG);

        BufferedImage projected = decode(render(file, max));
        BufferedImage one = decode(render(file, section2));

        for (int z = 0; z < 4; z++) {
            assertThat(grey(projected, 20 * z + 10, 20)).as("spot %d", z).isEqualTo(255);
            assertThat(grey(one, 20 * z + 10, 20)).as("spot %d in section 2", z).isEqualTo(z == 2 ? 255 : 0);
        }
    }

    @Test
    void aMeanProjectionAveragesTheSections() throws Exception {
        Path file = mrc("levels.mrc", 40, 40, 4, (x, y, z) -> z * 10); // mean 15
        RenderRequest mean =
                new RenderRequest(new Selection.MeanProjection(), new Contrast.Range(0, 30), 40, OutputFormat.PNG);

        assertThat(grey(decode(render(file, mean)), 20, 20)).isEqualTo(128); // 15 of 0..30
    }

    @Test
    void jpegOutputDecodesAsJpeg() throws Exception {
        Path file = mrc("j.mrc", 64, 64, 1, (x, y, z) -> x + y);

        RenderedImage jpeg =
                render(file, new RenderRequest(new Selection.Page(0), Contrast.auto(), 32, OutputFormat.JPEG));

        assertThat(jpeg.mediaType()).isEqualTo("image/jpeg");
        assertThat(jpeg.bytes()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(decode(jpeg).getWidth()).isEqualTo(32);
    }

    @Test
    void aPagePastTheLastIsNoSuchPlane() throws Exception {
        Path file = mrc("two.mrc", 16, 16, 2, (x, y, z) -> x);
        RenderRequest third = new RenderRequest(new Selection.Page(2), Contrast.auto(), 16, OutputFormat.PNG);

        assertThatThrownBy(() -> render(file, third)).isInstanceOf(ImageReadException.NoSuchPlane.class);
    }

    @Test
    void theRealEpuMicrographThumbnailRendersAtTheAskedEdge() throws Exception {
        Path jpg = Samples.file(Samples.SQUARE_8999138 + "/Data/FoilHole_9015883_Data_9017347_6_20250108_154915.jpg");

        BufferedImage image = decode(render(jpg, RenderRequest.thumbnail(128)));

        assertThat(image.getWidth()).isEqualTo(128);
        assertThat(image.getHeight()).isEqualTo(91); // 512 × 364 scaled
    }

    @Test
    void windowsClipMapNanToBlackAndShowAFlatImageAsMiddleGrey() {
        assertThat(new Window(0, 10).toGrey(new float[] {-5, 0, 5, 10, 50, Float.NaN}))
                .containsExactly(0, 0, (byte) 128, (byte) 255, (byte) 255, 0);
        assertThat(new Contrast.Percentiles(0.5, 99.5)
                        .window(new float[] {3, 3, 3})
                        .toGrey(new float[] {3}))
                .containsExactly((byte) 128);
    }

    interface Values {
        float at(int x, int y, int z);
    }

    private Path mrc(String name, int w, int h, int d, Values values) throws IOException {
        Path file = dir.resolve(name);
        MrcWriter.write(
                file,
                new MrcWriter.Spec(
                        w, h, d, PixelType.FLOAT32, d > 1 ? Layout.VOLUME : Layout.IMAGE, 1.0, ByteOrder.LITTLE_ENDIAN),
                z -> {
                    float[] v = new float[w * h];
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            v[y * w + x] = values.at(x, y, z);
                        }
                    }
                    return v;
                });
        return file;
    }

    private RenderedImage render(Path file, RenderRequest request) throws ImageReadException {
        try (ImageReader reader = formats.open(file)) {
            return renderer.render(reader, request);
        }
    }

    private static BufferedImage decode(RenderedImage rendered) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(rendered.bytes()));
        assertThat(image.getWidth()).isEqualTo(rendered.width());
        assertThat(image.getHeight()).isEqualTo(rendered.height());
        return image;
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRaster().getSample(x, y, 0);
    }
}
