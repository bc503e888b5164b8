package io.sightline.core.image.mrc;

import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes MRC2014 files section by section, so a volume larger than memory can be written: for the simulator's
 * images, benchmarks and tests. The header (with the data's minimum, maximum, mean and RMS) is written last.
 */
public final class MrcWriter {

    /**
     * @param pixelSizeAngstrom the pixel size, written as the cell size (0 for none)
     * @param layout            image, stack ({@code ispg} 0) or volume ({@code ispg} 1)
     */
    public record Spec(
            int width,
            int height,
            int sections,
            PixelType type,
            Layout layout,
            double pixelSizeAngstrom,
            ByteOrder order) {
        public Spec {
            if (width < 1 || height < 1 || sections < 1) {
                throw new IllegalArgumentException(
                        "sizes must be positive: " + width + ", " + height + ", " + sections);
            }
            if (MrcModes.modeOf(type) < 0) {
                throw new IllegalArgumentException(type + " has no MRC mode");
            }
            if (layout == Layout.VOLUME_STACK) {
                throw new IllegalArgumentException("volume stacks are not written");
            }
        }
    }

    /** The values of section {@code z}, {@code width × height} of them, row by row. */
    @FunctionalInterface
    public interface Sections {
        float[] section(int z);
    }

    private MrcWriter() {}

    public static void write(Path file, Spec spec, Sections sections) throws IOException {
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            int samples = Math.multiplyExact(spec.width(), spec.height());
            ByteBuffer data = ByteBuffer.allocate(samples * spec.type().bytes()).order(spec.order());
            Stats stats = new Stats();
            long at = MrcHeader.SIZE;
            for (int z = 0; z < spec.sections(); z++) {
                float[] values = sections.section(z);
                if (values.length != samples) {
                    throw new IllegalArgumentException(
                            "section " + z + " has " + values.length + " values, not " + samples);
                }
                data.clear();
                for (float v : values) {
                    stats.add(encode(spec.type(), v, data));
                }
                data.flip();
                while (data.hasRemaining()) {
                    at += out.write(data, at);
                }
            }
            ByteBuffer header = header(spec, stats);
            long h = 0;
            while (header.hasRemaining()) {
                h += out.write(header, h);
            }
        }
    }

    /** Puts {@code v} as {@code type} (rounded and clamped for integers) and returns the value as stored. */
    private static float encode(PixelType type, float v, ByteBuffer out) {
        return switch (type) {
            case INT8 -> {
                byte b = (byte) clampRound(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
                out.put(b);
                yield b;
            }
            case INT16 -> {
                short s = (short) clampRound(v, Short.MIN_VALUE, Short.MAX_VALUE);
                out.putShort(s);
                yield s;
            }
            case UINT16 -> {
                int u = clampRound(v, 0, 65535);
                out.putShort((short) u);
                yield u;
            }
            case FLOAT16 -> {
                short half = Float.floatToFloat16(v);
                out.putShort(half);
                yield Float.float16ToFloat(half);
            }
            case FLOAT32 -> {
                out.putFloat(v);
                yield v;
            }
            case UINT8 -> throw new IllegalArgumentException("uint8 has no MRC mode");
        };
    }

    private static int clampRound(float v, int min, int max) {
        return (int) Math.max(min, Math.min(max, Math.rint(v)));
    }

    private static ByteBuffer header(Spec spec, Stats stats) {
        ByteBuffer h = ByteBuffer.allocate(MrcHeader.SIZE).order(spec.order());
        int mz = spec.layout() == Layout.VOLUME ? spec.sections() : 1;
        h.putInt(0, spec.width()).putInt(4, spec.height()).putInt(8, spec.sections());
        h.putInt(12, MrcModes.modeOf(spec.type()));
        h.putInt(28, spec.width()).putInt(32, spec.height()).putInt(36, mz);
        h.putFloat(40, (float) (spec.width() * spec.pixelSizeAngstrom()));
        h.putFloat(44, (float) (spec.height() * spec.pixelSizeAngstrom()));
        h.putFloat(48, (float) (mz * spec.pixelSizeAngstrom()));
        h.putFloat(52, 90f).putFloat(56, 90f).putFloat(60, 90f);
        h.putInt(64, 1).putInt(68, 2).putInt(72, 3);
        h.putFloat(76, (float) stats.min).putFloat(80, (float) stats.max).putFloat(84, (float) stats.mean());
        h.putInt(88, spec.layout() == Layout.VOLUME ? 1 : 0);
        h.putInt(108, 20141);
        h.put(MrcHeader.MAP_OFFSET, MrcHeader.MAP);
        byte stamp = (byte) (spec.order() == ByteOrder.LITTLE_ENDIAN ? 0x44 : 0x11);
        h.put(212, stamp).put(213, stamp);
        h.putFloat(216, (float) stats.rms());
        h.putInt(220, 1);
        h.put(224, "Written by Sightline".getBytes(StandardCharsets.US_ASCII));
        return h.rewind();
    }

    private static final class Stats {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum, sumSquares;
        long n;

        void add(float v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += (double) v * v;
            n++;
        }

        double mean() {
            return sum / n;
        }

        double rms() {
            double m = mean();
            return Math.sqrt(Math.max(0, sumSquares / n - m * m));
        }
    }
}
