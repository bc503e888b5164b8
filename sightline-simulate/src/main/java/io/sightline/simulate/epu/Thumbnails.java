package io.sightline.simulate.epu;

import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.mrc.MrcWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Small grey-scale JPEG thumbnails, like the ones EPU writes beside each manifest (real ones are 512×364; these are
 * 128×91 to keep sessions small). A few variants per kind are encoded once per simulation and reused.
 */
final class Thumbnails {

    enum Kind {
        ATLAS,
        TILE,
        GRID_SQUARE,
        FOIL_HOLE,
        MICROGRAPH
    }

    static final int WIDTH = 128;
    static final int HEIGHT = 91;
    private static final int VARIANTS = 4;

    private final long seed;
    private final Map<Kind, byte[][]> cache = new EnumMap<>(Kind.class);

    Thumbnails(long seed) {
        this.seed = seed;
    }

    /** The JPEG bytes of variant {@code key mod 4} of a kind; the same key always gives the same bytes. */
    byte[] jpeg(Kind kind, long key) {
        byte[][] variants = cache.computeIfAbsent(kind, k -> new byte[VARIANTS][]);
        int variant = (int) Math.floorMod(key, (long) VARIANTS);
        if (variants[variant] == null) {
            variants[variant] = encode(draw(kind, new Random(seed * 31 + kind.ordinal() * 7L + variant)));
        }
        return variants[variant];
    }

    private static BufferedImage draw(Kind kind, Random random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        int base = switch (kind) {
            case ATLAS, TILE -> 40;
            case GRID_SQUARE -> 150;
            case FOIL_HOLE -> 120;
            case MICROGRAPH -> 128;
        };
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int grey = (int) Math.max(0, Math.min(255, base + random.nextGaussian() * 12));
                image.getRaster().setSample(x, y, 0, grey);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        switch (kind) {
            case ATLAS -> {
                g.setColor(new Color(170, 170, 170));
                g.fillOval(20, 2, 87, 87);
            }
            case TILE -> {
                g.setColor(new Color(170, 170, 170));
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 3; j++) {
                        g.fillRect(6 + i * 30, 6 + j * 28, 24, 22);
                    }
                }
            }
            case GRID_SQUARE -> {
                g.setColor(new Color(60, 60, 60));
                for (int i = 0; i < 12; i++) {
                    for (int j = 0; j < 9; j++) {
                        g.fillOval(8 + i * 10, 6 + j * 9, 5, 5);
                    }
                }
            }
            case FOIL_HOLE -> {
                g.setColor(new Color(200, 200, 200));
                g.fillOval(34 + random.nextInt(6), 16 + random.nextInt(6), 58, 58);
            }
            case MICROGRAPH -> {
                g.setColor(new Color(100, 100, 100));
                for (int i = 0; i < 25; i++) {
                    g.fillOval(random.nextInt(WIDTH), random.nextInt(HEIGHT), 4, 4);
                }
            }
        }
        g.dispose();
        return image;
    }

    /**
     * The bytes of a small float32 MRC micrograph (variant {@code key mod 4}), as EPU writes an MRC beside each
     * micrograph's JPEG: {@value #MRC_EDGE}² pixels (16 KB), so that a catch-up over thousands stays quick.
     */
    byte[] mrc(long key) {
        int variant = (int) Math.floorMod(key, (long) VARIANTS);
        synchronized (mrcs) {
            if (mrcs[variant] == null) {
                mrcs[variant] = encodeMrc(new Random(seed * 37 + variant));
            }
            return mrcs[variant];
        }
    }

    static final int MRC_EDGE = 64;
    private final byte[][] mrcs = new byte[VARIANTS][];

    /** Noise around a few dark particles, in electrons per pixel, written by the MRC writer Sightline reads with. */
    private static byte[] encodeMrc(Random random) {
        float[] values = new float[MRC_EDGE * MRC_EDGE];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (12 + random.nextGaussian() * 2);
        }
        for (int p = 0; p < 12; p++) {
            int cx = random.nextInt(MRC_EDGE);
            int cy = random.nextInt(MRC_EDGE);
            for (int y = Math.max(0, cy - 3); y < Math.min(MRC_EDGE, cy + 4); y++) {
                for (int x = Math.max(0, cx - 3); x < Math.min(MRC_EDGE, cx + 4); x++) {
                    values[y * MRC_EDGE + x] -= 6;
                }
            }
        }
        try {
            Path file = Files.createTempFile("sightline-simulated-", ".mrc");
            try {
                MrcWriter.write(
                        file,
                        new MrcWriter.Spec(
                                MRC_EDGE, MRC_EDGE, 1, PixelType.FLOAT32, Layout.IMAGE, 1.06, ByteOrder.LITTLE_ENDIAN),
                        z -> values);
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes with the JDK's JPEG writer at a fixed quality, in memory (no ImageIO disk cache). */
    private static byte[] encode(BufferedImage image) {
        java.util.Iterator<javax.imageio.ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer in this JDK (javax.imageio)");
        }
        javax.imageio.ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (javax.imageio.stream.MemoryCacheImageOutputStream out =
                new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
