package io.sightline.bench;

import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.Plane;
import io.sightline.core.image.PlaneRequest;
import io.sightline.core.image.Subsampling;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.image.mrc.MrcWriter;
import io.sightline.core.image.render.Contrast;
import io.sightline.core.image.render.OutputFormat;
import io.sightline.core.image.render.RenderRequest;
import io.sightline.core.image.render.RenderedImage;
import io.sightline.core.image.render.Renderer;
import io.sightline.core.image.render.Selection;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.stream.FileImageInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The image budgets of issue 17: a 4,096 × 4,096 float32 MRC (64 MB) to a 512-pixel PNG thumbnail, and one
 * slice of a 400-slice 1,024 × 1,024 float32 volume (1.6 GB), each from a file in the page cache (written in
 * the set-up, so it is). Every operation opens the file, as a request for a new image would. Beside them, the
 * parts (the subsampled reads alone) and a TIFF of the same frame, read by this project's reader and by the
 * JDK's ImageIO plugin.
 *
 * <p>Files go to {@code -Dbench.dir} (default the system's temporary folder) and are deleted afterwards.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ImageBenchmark {

    private static final ImageFormats FORMATS = ImageFormats.standard();
    private static final Renderer RENDERER = new Renderer();
    private static final RenderRequest THUMBNAIL = RenderRequest.thumbnail(512);

    /** A 4,096² float32 frame of noise over a smooth background, as MRC and as an uncompressed TIFF. */
    @State(Scope.Benchmark)
    public static class Frame {
        Path dir;
        Path mrc;
        Path tiff;

        @Setup(Level.Trial)
        public void write() throws IOException {
            dir = Files.createTempDirectory(
                    Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))), "image-bench");
            mrc = dir.resolve("frame.mrc");
            int n = 4096;
            float[] values = frame(n, n, 1);
            MrcWriter.write(
                    mrc,
                    new MrcWriter.Spec(n, n, 1, PixelType.FLOAT32, Layout.IMAGE, 1.0, ByteOrder.LITTLE_ENDIAN),
                    z -> values);
            tiff = dir.resolve("frame.tif");
            writeFloatTiff(tiff, n, values);
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            deleteAll(dir);
        }
    }

    /** 400 slices of 1,024² float32. */
    @State(Scope.Benchmark)
    public static class Volume {
        Path dir;
        Path mrc;
        int slice;

        @Setup(Level.Trial)
        public void write() throws IOException {
            dir = Files.createTempDirectory(
                    Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))), "image-bench");
            mrc = dir.resolve("volume.mrc");
            int n = 1024;
            MrcWriter.write(
                    mrc,
                    new MrcWriter.Spec(n, n, 400, PixelType.FLOAT32, Layout.VOLUME, 1.0, ByteOrder.LITTLE_ENDIAN),
                    z -> frame(n, n, z + 1));
        }

        /** A different slice each time, so no read is served by a cache of the previous one. */
        int nextSlice() {
            slice = (slice + 97) % 400;
            return slice;
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            deleteAll(dir);
        }
    }

    @Benchmark
    public RenderedImage frameToPngThumbnail(Frame f) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(f.mrc)) {
            return RENDERER.render(reader, THUMBNAIL);
        }
    }

    @Benchmark
    public Plane frameReadBlockMeans(Frame f) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(f.mrc)) {
            return reader.read(new PlaneRequest(0, 8, Subsampling.MEAN));
        }
    }

    @Benchmark
    public Plane frameReadEveryEighthPixel(Frame f) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(f.mrc)) {
            return reader.read(new PlaneRequest(0, 8, Subsampling.SAMPLE));
        }
    }

    @Benchmark
    public RenderedImage tiffFrameToPngThumbnail(Frame f) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(f.tiff)) {
            return RENDERER.render(reader, THUMBNAIL);
        }
    }

    @Benchmark
    public Plane tiffFrameReadBlockMeans(Frame f) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(f.tiff)) {
            return reader.read(new PlaneRequest(0, 8, Subsampling.MEAN));
        }
    }

    /** The JDK's ImageIO TIFF plugin, subsampling by 8 while decoding (it can only pick, not average). */
    @Benchmark
    public BufferedImage tiffFrameReadEveryEighthPixelJdkImageIo(Frame f) throws IOException {
        try (FileImageInputStream in = new FileImageInputStream(f.tiff.toFile())) {
            Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReadersByFormatName("tiff");
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(8, 8, 0, 0);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    @Benchmark
    public Plane volumeReadOneSlice(Volume v) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(v.mrc)) {
            return reader.read(PlaneRequest.full(v.nextSlice()));
        }
    }

    @Benchmark
    public RenderedImage volumeSliceToPng512(Volume v) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(v.mrc)) {
            return RENDERER.render(
                    reader,
                    new RenderRequest(new Selection.Page(v.nextSlice()), Contrast.auto(), 512, OutputFormat.PNG));
        }
    }

    @Benchmark
    public RenderedImage volumeSliceToPng1024(Volume v) throws ImageReadException {
        try (ImageReader reader = FORMATS.open(v.mrc)) {
            return RENDERER.render(
                    reader,
                    new RenderRequest(new Selection.Page(v.nextSlice()), Contrast.auto(), 1024, OutputFormat.PNG));
        }
    }

    /** Gaussian-ish noise (a micrograph's shot noise) over a smooth ramp, different per {@code seed}. */
    static float[] frame(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double noise = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
                v[y * width + x] = (float) (x * 0.01 + y * 0.005 + noise * 10);
            }
        }
        return v;
    }

    /** An uncompressed float32 TIFF, written by the JDK's ImageIO TIFF writer (the reader is not its own judge). */
    private static void writeFloatTiff(Path file, int n, float[] values) throws IOException {
        ComponentColorModel model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = model.createCompatibleWritableRaster(n, n);
        raster.setDataElements(0, 0, n, n, values);
        BufferedImage image = new BufferedImage(model, raster, false, null);
        if (!ImageIO.write(image, "tiff", file.toFile())) {
            throw new IOException("no ImageIO TIFF writer");
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
