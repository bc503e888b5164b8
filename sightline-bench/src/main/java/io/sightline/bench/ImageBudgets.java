package io.sightline.bench;

import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.image.render.Contrast;
import io.sightline.core.image.render.OutputFormat;
import io.sightline.core.image.render.RenderRequest;
import io.sightline.core.image.render.Renderer;
import io.sightline.core.image.render.Selection;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The two image budgets of issue 17 as wall and CPU time per operation, medians of many: CPU time is what
 * the work costs whatever else the machine runs (on a shared two-core machine the wall time is mostly
 * waiting). The files are ImageBenchmark's, written first (so they are in the page cache).
 *
 * <pre>java -cp sightline-bench/target/benchmarks.jar io.sightline.bench.ImageBudgets [runs]</pre>
 */
public final class ImageBudgets {

    private ImageBudgets() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        ImageFormats formats = ImageFormats.standard();
        Renderer renderer = new Renderer();
        ImageBenchmark.Frame frame = new ImageBenchmark.Frame();
        ImageBenchmark.Volume volume = new ImageBenchmark.Volume();
        frame.write();
        volume.write();
        try {
            measure(
                    "4096² float32 MRC -> 512 px PNG",
                    runs,
                    () -> render(formats, renderer, frame.mrc, RenderRequest.thumbnail(512)));
            measure(
                    "4096² float32 TIFF -> 512 px PNG",
                    runs,
                    () -> render(formats, renderer, frame.tiff, RenderRequest.thumbnail(512)));
            measure(
                    "volume slice (1024² of 400) -> 512 px PNG",
                    runs,
                    () -> render(formats, renderer, volume.mrc, slice(volume.nextSlice(), 512)));
            measure(
                    "volume slice (1024² of 400) -> 1024 px PNG",
                    runs,
                    () -> render(formats, renderer, volume.mrc, slice(volume.nextSlice(), 1024)));
        } finally {
            frame.delete();
            volume.delete();
        }
    }

    interface Operation {
        void run() throws ImageReadException;
    }

    private static RenderRequest slice(int z, int edge) {
        return new RenderRequest(new Selection.Page(z), Contrast.auto(), edge, OutputFormat.PNG);
    }

    private static void render(ImageFormats formats, Renderer renderer, Path file, RenderRequest request)
            throws ImageReadException {
        try (ImageReader reader = formats.open(file)) {
            renderer.render(reader, request);
        }
    }

    private static void measure(String what, int runs, Operation op) throws ImageReadException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < runs; i++) {
            op.run(); // warm-up: the JIT compiles the path first
        }
        long[] wall = new long[runs];
        long[] cpu = new long[runs];
        for (int i = 0; i < runs; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            op.run();
            wall[i] = System.nanoTime() - t0;
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
        }
        System.out.printf(
                Locale.ROOT,
                "%-45s wall median %6.1f ms (min %6.1f)   CPU median %6.1f ms (min %6.1f)   %d runs%n",
                what,
                median(wall),
                min(wall),
                median(cpu),
                min(cpu),
                runs);
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static double min(long[] nanos) {
        return Arrays.stream(nanos).min().orElse(0) / 1e6;
    }
}
