package io.sightline.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.image.formats.ImageFormats;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Valid files of every format (written by the JDK's own ImageIO writers where it has one, so not by the code
 * under test), then bytes changed, words overwritten with extreme values, and cuts anywhere: opening, reading
 * the header and reading planes at several steps either works or fails with an {@link ImageReadException}.
 * Never an unchecked exception, and never an allocation beyond the limits (tight here, so a lie that slipped
 * through would show as an OutOfMemoryError).
 */
class HeaderFuzzPropertyTest {

    private static final ImageLimits TIGHT = new ImageLimits(4096, 1 << 20, 4096);
    private static Path dir;
    private static Map<String, byte[]> seeds;

    @BeforeContainer
    static void writeSeeds() throws IOException {
        dir = Files.createTempDirectory("image-fuzz");
        Path mrc = TinyFiles.mrc(dir.resolve("seed.mrc"), 23, 17, 3);
        BufferedImage grey = new BufferedImage(23, 17, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(23, 17, BufferedImage.TYPE_INT_RGB);
        BufferedImage grey16 = new BufferedImage(23, 17, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 17; y++) {
            for (int x = 0; x < 23; x++) {
                grey.getRaster().setSample(x, y, 0, (x * 7 + y * 3) & 0xFF);
                grey16.getRaster().setSample(x, y, 0, x * 2000 + y);
                rgb.setRGB(x, y, x * 0x0A0B0C + y * 0x030201);
            }
        }
        seeds = Map.of(
                "mrc", Files.readAllBytes(mrc),
                "tiff-none", encode(grey16, "tiff", null),
                "tiff-lzw", encode(grey, "tiff", "LZW"),
                "tiff-deflate", encode(grey16, "tiff", "Deflate"),
                "tiff-packbits", encode(rgb, "tiff", "PackBits"),
                "png", encode(rgb, "png", null),
                "png16", encode(grey16, "png", null),
                "jpeg", encode(rgb, "jpeg", null),
                "tiny-tiff", TinyFiles.tiff(5, 4, Map.of(), 3, 0));
    }

    @AfterContainer
    static void removeSeeds() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Property(tries = 1200)
    void changedBytesFailOnlyAsImageReadExceptions(
            @ForAll("seedNames") String seed, @ForAll("edits") List<int[]> edits, @ForAll("cuts") double cut)
            throws IOException {
        byte[] bytes = seeds.get(seed).clone();
        for (int[] edit : edits) {
            int at = Math.floorMod(edit[0], bytes.length);
            switch (Math.floorMod(edit[1], 3)) {
                case 0 -> bytes[at] = (byte) edit[2];
                case 1 -> putWord(bytes, at, edit[2]);
                default -> putWord(bytes, at, edit[2] % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE);
            }
        }
        int length = cut >= 1 ? bytes.length : (int) (bytes.length * cut);
        Path file = Files.write(dir.resolve("case-" + seed), java.util.Arrays.copyOf(bytes, length));
        readEverything(file);
    }

    @Property(tries = 300)
    void arbitraryBytesAfterAMagicNumberFailOnlyAsImageReadExceptions(
            @ForAll("magics") byte[] magic, @ForAll("noise") byte[] noise) throws IOException {
        byte[] bytes = new byte[magic.length + noise.length];
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        System.arraycopy(noise, 0, bytes, magic.length, noise.length);
        Path file = Files.write(dir.resolve("noise.mrc"), bytes);
        readEverything(file);
    }

    private static void readEverything(Path file) {
        ImageFormats formats = ImageFormats.standard(TIGHT);
        try (ImageReader reader = formats.open(file)) {
            ImageHeader h = reader.header();
            assertThat(h.width()).isBetween(1, TIGHT.maxEdge());
            assertThat(h.height()).isBetween(1, TIGHT.maxEdge());
            for (int page : new int[] {0, h.pages() - 1}) {
                for (PlaneRequest request : List.of(
                        PlaneRequest.full(page),
                        new PlaneRequest(page, 3, Subsampling.SAMPLE),
                        new PlaneRequest(page, 5, Subsampling.MEAN))) {
                    try {
                        Plane plane = reader.read(request);
                        assertThat(plane.values()).hasSize(plane.width() * plane.height());
                    } catch (ImageReadException e) {
                        assertThat(e.file()).isEqualTo(file);
                    }
                }
            }
        } catch (ImageReadException e) {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static void putWord(byte[] bytes, int at, int value) {
        for (int i = 0; i < 4 && at + i < bytes.length; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    @Provide
    Arbitrary<String> seedNames() {
        return Arbitraries.of(seeds.keySet());
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        Arbitrary<int[]> edit =
                Arbitraries.integers().array(int[].class).ofSize(3).edgeCases(e -> e.add(new int[] {0, 1, 0}));
        return edit.list().ofMinSize(0).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Double> cuts() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1.0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(0, 1)));
    }

    @Provide
    Arbitrary<byte[]> magics() {
        return Arbitraries.of(
                new byte[] {'I', 'I', 42, 0},
                new byte[] {'M', 'M', 0, 42},
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                new byte[0]);
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(1500);
    }

    private static byte[] encode(BufferedImage image, String format, String compression) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (compression != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
