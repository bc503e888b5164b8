package io.sightline.bench;

import io.sightline.core.epu.kind.EpuKinds;
import io.sightline.core.epu.model.Atlas;
import io.sightline.core.epu.model.GridSquareMetadata;
import io.sightline.core.epu.model.MicrographManifest;
import io.sightline.core.epu.read.EpuReadException;
import io.sightline.core.epu.read.EpuReader;
import io.sightline.core.epu.read.EpuXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * XML throughput of the EPU readers per core: one thread parses the real sample files from memory
 * (so the disk is not measured), with the purpose-made scanner (the default), Aalto, Woodstox and the
 * JDK's StAX parser. The {@code bytes} counter is reported per second, i.e. bytes of XML parsed per
 * second on one core; the budget is 100 MB/s.
 *
 * <p>Samples come from {@code -Dsightline.samples=<dir>} (default {@code ../shared/epu-samples}, right
 * when run from the repository root); pass it to the forked JVM with {@code -jvmArgsAppend}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReaderBenchmark {

    @Param({"sightline", "aalto", "woodstox", "jdk"})
    public String parser;

    private EpuReader<GridSquareMetadata> gridSquareReader;
    private EpuReader<Atlas> atlasReader;
    private EpuReader<MicrographManifest> micrographReader;
    private byte[] gridSquare;
    private byte[] atlas;
    private byte[] micrograph;
    private Path gridSquarePath;
    private Path atlasPath;
    private Path micrographPath;

    /** Bytes parsed, reported by JMH as a rate (bytes/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /**
     * Bytes parsed and CPU time used by the benchmark thread, both summed by JMH over the measurement
     * iterations (EVENTS): {@code cpuBytes / cpuNanos * 1000} is MB of XML per CPU-second. The shared build
     * machines run other jobs, so wall-clock throughput understates what one core does; thread CPU time
     * does not count time spent waiting for a core (nor GC threads' work).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public long cpuBytes;
        public long cpuNanos;
        private final java.lang.management.ThreadMXBean threads =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private long iterationStart;
        private long iterationBytes;

        @Setup(Level.Iteration)
        public void reset() {
            iterationStart = threads.getCurrentThreadCpuTime();
            iterationBytes = 0;
            cpuBytes = 0;
            cpuNanos = 0;
        }

        void add(long n) {
            iterationBytes += n;
            cpuBytes = iterationBytes;
            cpuNanos = threads.getCurrentThreadCpuTime() - iterationStart;
        }
    }

    @Setup(Level.Trial)
    public void load() {
        Path samples = Path.of(System.getProperty("sightline.samples", "../shared/epu-samples"));
        EpuKinds readers = EpuKinds.standard(
                switch (parser) {
                    case "jdk" -> EpuXml.jdk();
                    case "woodstox" -> EpuXml.woodstox();
                    case "sightline" -> EpuXml.sightline();
                    default -> EpuXml.aalto();
                });
        gridSquareReader = readers.reader(EpuKinds.GRIDSQUARE_METADATA);
        atlasReader = readers.reader(EpuKinds.ATLAS);
        micrographReader = readers.reader(EpuKinds.MICROGRAPH);
        gridSquarePath = samples.resolve("GridSquare_4590776.dm");
        atlasPath = samples.resolve("Atlas.dm");
        micrographPath = samples.resolve(
                "grid-2025/Images-Disc1/GridSquare_8999138/Data/FoilHole_9015883_Data_9017347_6_20250108_154915.xml");
        try {
            gridSquare = Files.readAllBytes(gridSquarePath);
            atlas = Files.readAllBytes(atlasPath);
            micrograph = Files.readAllBytes(micrographPath);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "EPU samples not found under " + samples.toAbsolutePath()
                            + "; pass -jvmArgsAppend -Dsightline.samples=<dir>",
                    e);
        }
    }

    @Benchmark
    public GridSquareMetadata gridSquareDm(Bytes counter, CpuTime cpu) throws EpuReadException {
        counter.bytes += gridSquare.length;
        cpu.add(gridSquare.length);
        return gridSquareReader.read(new ByteArrayInputStream(gridSquare), gridSquarePath);
    }

    @Benchmark
    public Atlas atlasDm(Bytes counter, CpuTime cpu) throws EpuReadException {
        counter.bytes += atlas.length;
        cpu.add(atlas.length);
        return atlasReader.read(new ByteArrayInputStream(atlas), atlasPath);
    }

    @Benchmark
    public MicrographManifest micrographXml(Bytes counter, CpuTime cpu) throws EpuReadException {
        counter.bytes += micrograph.length;
        cpu.add(micrograph.length);
        return micrographReader.read(new ByteArrayInputStream(micrograph), micrographPath);
    }
}
