package io.sightline.core.image.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Our PNG writer's files decode, with the JDK's own PNG reader, to exactly the grey levels written. */
class GreyPngTest {

    @Property(tries = 50)
    void decodesToTheSamePixels(
            @ForAll @IntRange(min = 1, max = 300) int width,
            @ForAll @IntRange(min = 1, max = 120) int height,
            @ForAll long seed)
            throws IOException {
        java.util.Random random = new java.util.Random(seed);
        byte[] grey = new byte[width * height];
        boolean smooth = random.nextBoolean();
        for (int i = 0; i < grey.length; i++) {
            grey[i] = (byte) (smooth ? (i % width) * 255 / Math.max(1, width - 1) : random.nextInt(256));
        }
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(GreyPng.encode(grey, width, height)));
        assertThat(decoded.getWidth()).isEqualTo(width);
        assertThat(decoded.getHeight()).isEqualTo(height);
        byte[] back = new byte[width * height];
        decoded.getRaster().getDataElements(0, 0, width, height, back);
        assertThat(back).isEqualTo(grey);
    }

    @Test
    void aSmoothImageKeepsDeflatesStringMatching() throws IOException {
        int edge = 512;
        byte[] smooth = new byte[edge * edge];
        for (int i = 0; i < smooth.length; i++) {
            smooth[i] = (byte) ((i % edge) / 2);
        }

        // Huffman codes alone spend at least a bit a pixel: matching is what gets a gradient far below that
        assertThat(GreyPng.encode(smooth, edge, edge).length).isLessThan(smooth.length / 16);
    }
}
