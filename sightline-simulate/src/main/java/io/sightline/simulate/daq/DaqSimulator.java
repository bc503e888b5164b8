package io.sightline.simulate.daq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.stf.SimulatedStf;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.zip.Adler32;

/**
 * The DAQ side of the ePIC streaming testbed (contracts/swf-fastmon.md §6): for each run
 * {@code run_imminent → start_run → (stf_gen, stf_ready) every interval → pause_run / resume_run halfway →
 * end_run}, optionally writing each STF as a file in the simulator's format ({@link SimulatedStf}).
 * Messages carry the envelope ({@code msg_type}, {@code sender}, {@code namespace}) and, unlike the
 * testbed runner's, the STF's {@code tf_count} and size. Rates go from the testbed's 0.5 STF/s to ePIC's
 * ≈ 6 STF/s per stream (an interval of 0 sends as fast as the bus takes them).
 */
public final class DaqSimulator {

    /** Where the messages go (RabbitMQ in the CLI, a list in tests). */
    @FunctionalInterface
    public interface Bus {
        void publish(String json) throws IOException;
    }

    /** Waits between STFs; tests pass one that does not wait. */
    @FunctionalInterface
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param firstRun the first run number (following runs count up)
     * @param writeDir where STF files are written, or null for messages only
     * @param stfSize bytes per written STF (rounded down to whole frames; at least one byte per frame)
     */
    public record Settings(
            long firstRun,
            int runs,
            int stfPerRun,
            Duration interval,
            int tfPerStf,
            Path writeDir,
            long stfSize,
            long seed,
            String sender,
            String namespace) {
        public Settings {
            if (runs < 1 || stfPerRun < 1 || tfPerStf < 1) {
                throw new IllegalArgumentException("runs, STFs per run and TFs per STF must be >= 1");
            }
            Objects.requireNonNull(interval, "interval");
            sender = sender == null ? "daqsim-sightline" : sender;
        }
    }

    /** What a simulation sent. */
    public record Summary(int runs, int stfs, long bytesWritten) {}

    private final Settings settings;
    private final Bus bus;
    private final Pause pause;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    public DaqSimulator(Settings settings, Bus bus, Pause pause, Clock clock) {
        this.settings = settings;
        this.bus = bus;
        this.pause = pause;
        this.clock = clock;
    }

    /** The swf STF name of daqsim: {@code swf.{run:06d}.{seq:06d}.stf}. */
    public static String stfName(long run, int seq) {
        return String.format(Locale.ROOT, "swf.%06d.%06d.stf", run, seq);
    }

    public Summary run() throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(settings.seed());
        int stfs = 0;
        long bytes = 0;
        for (int r = 0; r < settings.runs(); r++) {
            long run = settings.firstRun() + r;
            send(message("run_imminent", run).put("state", "beam").put("substate", "not_ready"));
            send(message("start_run", run).put("state", "run").put("substate", "physics"));
            int pauseAt = settings.stfPerRun() >= 4 ? settings.stfPerRun() / 2 : -1;
            for (int seq = 1; seq <= settings.stfPerRun(); seq++) {
                if (seq == pauseAt + 1 && pauseAt > 0) {
                    send(message("pause_run", run).put("state", "run").put("substate", "standby"));
                    send(message("resume_run", run).put("state", "run").put("substate", "physics"));
                }
                String name = stfName(run, seq);
                Long size = null;
                String checksum = null;
                if (settings.writeDir() != null) {
                    long[] written = write(settings.writeDir().resolve(name), run, seq, random);
                    size = written[0];
                    checksum = "ad:" + written[1];
                    bytes += size;
                }
                ObjectNode gen = message("stf_gen", run).put("filename", name).put("sequence", seq);
                send(gen);
                ObjectNode ready = message("stf_ready", run)
                        .put("filename", name)
                        .put("sequence", seq)
                        .put("tf_count", settings.tfPerStf());
                ready.put("size_bytes", size);
                ready.put("checksum", checksum);
                if (size != null) {
                    ready.put(
                            "file_url",
                            settings.writeDir().resolve(name).toUri().toString());
                }
                send(ready);
                stfs++;
                if (!settings.interval().isZero()) {
                    pause.sleep(settings.interval());
                }
            }
            send(message("end_run", run).put("total_stf_files", settings.stfPerRun()));
        }
        return new Summary(settings.runs(), stfs, bytes);
    }

    private ObjectNode message(String type, long run) {
        ObjectNode m = mapper.createObjectNode();
        m.put("msg_type", type);
        m.put("sender", settings.sender());
        if (settings.namespace() != null) {
            m.put("namespace", settings.namespace());
        }
        m.put("run_id", run);
        m.put("timestamp", clock.instant().toString());
        return m;
    }

    private void send(ObjectNode m) throws IOException {
        bus.publish(m.toString());
    }

    /** Writes one STF; answers its size and adler32. Written under a temporary name, then renamed. */
    private long[] write(Path file, long run, int seq, SplittableRandom random) throws IOException {
        long tfSize = Math.max(1, settings.stfSize() / settings.tfPerStf());
        SimulatedStf.Header header = new SimulatedStf.Header(settings.tfPerStf(), tfSize, run, seq);
        Adler32 adler = new Adler32();
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        long size = 0;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            byte[] head = header.line().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out.write(head);
            adler.update(head);
            size += head.length;
            byte[] frame = new byte[(int) Math.min(tfSize, 1 << 20)];
            for (int i = 0; i < settings.tfPerStf(); i++) {
                for (long left = tfSize; left > 0; ) {
                    int n = (int) Math.min(left, frame.length);
                    for (int k = 0; k < n; k++) {
                        frame[k] = (byte) random.nextInt(256);
                    }
                    out.write(frame, 0, n);
                    adler.update(frame, 0, n);
                    left -= n;
                    size += n;
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new long[] {size, adler.getValue()};
    }
}
