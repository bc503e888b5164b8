package io.sightline.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.testing.Samples;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The JPEG thumbnails EPU wrote beside its manifests (../shared/epu-samples), read as the JDK's decoder reads them. */
class RealSampleImagesTest {

    private final ImageFormats formats = ImageFormats.standard();

    @Test
    void everyEpuJpegHeaderAndPixelsAgreeWithTheJdkDecoder() throws Exception {
        List<Path> jpegs;
        try (Stream<Path> files = Files.walk(Samples.dir())) {
            jpegs = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertThat(jpegs).hasSizeGreaterThanOrEqualTo(11);
        for (Path jpg : jpegs) {
            BufferedImage decoded = decode(jpg);
            try (ImageReader reader = formats.open(jpg)) {
                ImageHeader h = reader.header();
                assertThat(h.format()).as("%s", jpg).isEqualTo("jpeg");
                assertThat(h.width())
                        .as("%s", jpg)
                        .isEqualTo(decoded.getWidth())
                        .isEqualTo(512);
                assertThat(h.height()).as("%s", jpg).isEqualTo(decoded.getHeight());
                assertThat(h.channels()).isEqualTo(1);
                assertThat(h.dtype()).isEqualTo(PixelType.UINT8);
                assertThat(h.shape()).containsExactly(h.height(), h.width());

                Plane plane = reader.read(PlaneRequest.full(0));
                for (int y = 0; y < h.height(); y += 37) {
                    for (int x = 0; x < h.width(); x += 41) {
                        assertThat(plane.at(x, y))
                                .as("%s (%d, %d)", jpg, x, y)
                                .isEqualTo(decoded.getRaster().getSample(x, y, 0));
                    }
                }
            }
        }
    }

    private static BufferedImage decode(Path jpg) throws IOException {
        BufferedImage image = ImageIO.read(jpg.toFile());
        assertThat(image).as("%s decodes", jpg).isNotNull();
        return image;
    }
}
