package io.sightline.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.wire.SwfField;
import io.sightline.fastmon.sampling.PartitionSampler;
import io.sightline.fastmon.sampling.TfSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast-monitoring agent (issue 14): STFs in (from {@code stf_ready} / {@code data_ready} on the bus,
 * or settled {@code *.stf} files in a directory), TF samples out. For each STF it draws the samples
 * ({@link PartitionSampler}), puts the registration in its durable {@link JobQueue} and only then
 * acknowledges the message; the {@link Registrar} delivers the queue to the server in one bulk call per
 * STF and announces each sample on the bus. So neither a server nor a broker outage loses an STF, and a
 * bad message is logged once and acknowledged, never blocking the ones behind it.
 *
 * <p>This is the composition of the agent's parts; {@code sightline fastmon} builds it from flags.
 */
public final class FastmonAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FastmonAgent.class);

    private final FastmonConfig config;
    private final StfReaders readers;
    private final ObjectMapper mapper = new ObjectMapper();
    private final PartitionSampler sampler;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private JobQueue queue;
    private SwfClient client;
    private AmqpBus bus;
    private Registrar registrar;
    private DirectoryWatcher watcher;
    private ScheduledExecutorService heartbeats;
    private String agentName;
    private volatile boolean closing;

    public FastmonAgent(FastmonConfig config, StfReaders readers) {
        this.config = config;
        this.readers = readers;
        this.sampler = new PartitionSampler(
                config.sampling().samplesPerStf(),
                config.sampling().fraction(),
                config.sampling().seed());
    }

    /** What the agent has done since it started. */
    public record Stats(
            String agentName,
            long received,
            long malformed,
            long queued,
            long stfsRegistered,
            long samplesRegistered,
            int queueDepth,
            int parked,
            String lastFailure) {}

    public Stats stats() {
        return new Stats(
                agentName,
                received.get(),
                malformed.get(),
                queued.get(),
                registrar == null ? 0 : registrar.stfsRegistered(),
                registrar == null ? 0 : registrar.samplesRegistered(),
                queue == null ? 0 : queue.depth(),
                queue == null ? 0 : queue.parkedCount(),
                registrar == null ? null : registrar.lastFailure());
    }

    public String agentName() {
        return agentName;
    }

    public FastmonAgent start() throws IOException {
        log.info("starting the fast-monitoring agent with {}", config);
        Files.createDirectories(config.stateDir());
        queue = new JobQueue(config.stateDir());
        client = new SwfClient(config.apiUrl(), config.token(), mapper);
        agentName = loadAgentName();
        if (config.amqpUri() != null) {
            bus = new AmqpBus(
                    config.amqpUri(), config.bus().queue(), config.bus().routingKey(), agentName);
        }
        registrar = new Registrar(
                queue,
                client,
                bus,
                mapper,
                config.timings().firstRetry(),
                config.timings().maxRetry());
        registrar.start();
        if (bus != null) {
            bus.consume(this::onMessage);
        } else {
            watcher = new DirectoryWatcher(
                    config.watchDir(), config.stateDir(), config.timings().settle(), this::onFile);
            watcher.start();
        }
        heartbeats = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fastmon-heartbeat").daemon().factory());
        heartbeats.scheduleWithFixedDelay(
                () -> heartbeat("OK", "READY"), 0, config.timings().heartbeat().toMillis(), TimeUnit.MILLISECONDS);
        log.info("fast-monitoring agent {} running ({} jobs queued from before)", agentName, queue.depth());
        return this;
    }

    /** The agent's name, kept in the state directory so that a restart is the same agent. */
    private String loadAgentName() throws IOException {
        Path file = config.stateDir().resolve("agent-name");
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
        String name;
        try {
            name = "fastmon-agent-" + user + "-" + client.nextAgentId();
        } catch (IOException e) {
            // the server is away: a local name keeps the agent working; it is kept like a given one
            name = "fastmon-agent-" + user + "-" + ProcessHandle.current().pid();
            log.warn("no agent number from the server ({}); calling this agent {}", e.getMessage(), name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking for an agent number", e);
        }
        Files.writeString(file, name);
        return name;
    }

    /** One bus message; true to acknowledge it (queued, or not for us, or unusable). */
    boolean onMessage(byte[] body) {
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (IOException e) {
            return malformed("not JSON (" + body.length + " bytes)");
        }
        Optional<StfAnnouncement> stf;
        try {
            stf = StfAnnouncement.fromMessage(node);
        } catch (StfAnnouncement.Malformed e) {
            return malformed(e.getMessage());
        }
        if (stf.isEmpty()) {
            return true; // normal bus traffic (run states, our own tf_file_registered)
        }
        StfAnnouncement a = stf.get();
        if (config.bus().namespace() != null
                && a.namespace() != null
                && !a.namespace().equals(config.bus().namespace())) {
            return malformed(a.stfFilename() + " is of namespace " + a.namespace() + ", not "
                    + config.bus().namespace());
        }
        received.incrementAndGet();
        return enqueue(a);
    }

    private boolean malformed(String why) {
        malformed.incrementAndGet();
        log.warn("ignoring a bus message: {}", why);
        return true;
    }

    /** A settled file in the watched directory. */
    private boolean onFile(Path file) {
        String name = file.getFileName().toString();
        var run = StfAnnouncement.runFromName(name);
        if (run.isEmpty()) {
            log.warn("{}: no run number in the file name (swf.<run>.<seq>.stf, run_<n>, r<n>); not registered", file);
            return true;
        }
        try {
            long size = Files.size(file);
            Checksums sums = Checksums.of(file);
            Integer tfCount = readers.find(file).map(f -> f.layout().tfCount()).orElse(null);
            received.incrementAndGet();
            return enqueue(new StfAnnouncement(name, run.getAsLong(), tfCount, size, sums.adler32(), null, file), sums);
        } catch (IOException e) {
            log.warn("{}: cannot read it ({}); it is tried again when it changes", file, e.getMessage());
            return false;
        }
    }

    private boolean enqueue(StfAnnouncement a) {
        return enqueue(a, null);
    }

    private boolean enqueue(StfAnnouncement a, Checksums sums) {
        Integer known = a.tfCount() != null ? a.tfCount() : fileTfCount(a.path());
        int tfCount = known != null ? known : PartitionSampler.DEFAULT_TF_COUNT;
        List<TfSample> samples = sampler.sample(a.stfFilename(), tfCount);
        ObjectNode job = mapper.createObjectNode();
        job.put(SwfField.RUN_NUMBER, a.runNumber());
        job.put(SwfField.SENDER, agentName);
        if (config.bus().namespace() != null) {
            job.put(SwfField.NAMESPACE, config.bus().namespace());
        }
        ObjectNode stf = job.putObject("stf");
        stf.put(SwfField.STF_FILENAME, a.stfFilename());
        if (a.sizeBytes() != null) {
            stf.put(SwfField.FILE_SIZE_BYTES, a.sizeBytes());
        }
        if (a.checksum() != null) {
            stf.put(SwfField.CHECKSUM, a.checksum());
        }
        stf.put(SwfField.TF_COUNT, tfCount);
        ObjectNode meta = stf.putObject(SwfField.METADATA);
        meta.put("tf_count_assumed", known == null);
        if (sums != null) {
            meta.put("md5", sums.md5());
            meta.put("original_path", a.path().toString());
        }
        ArrayNode list = job.putArray("samples");
        for (TfSample s : samples) {
            ObjectNode n = list.addObject();
            n.put(SwfField.TF_FILENAME, s.tfFilename());
            n.put(SwfField.TF_FIRST, s.first());
            n.put(SwfField.TF_LAST, s.last());
            n.put(SwfField.TF_COUNT, s.count());
            n.put(
                    SwfField.FILE_SIZE_BYTES,
                    a.sizeBytes() == null ? s.count() : Math.max(1, a.sizeBytes() * s.count() / tfCount));
            n.put(SwfField.STATUS, "registered");
            if (a.path() != null) {
                contentChecksum(a.path(), s).ifPresent(c -> n.put(SwfField.CHECKSUM, c));
            }
        }
        try {
            queue.append(a.stfFilename(), job.toString());
            queued.incrementAndGet();
            return true;
        } catch (IOException e) {
            log.error("cannot queue {} ({}); the message is redelivered", a.stfFilename(), e.toString());
            return false;
        }
    }

    /** The frame count a known format's file says, or null. */
    private Integer fileTfCount(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return readers.find(file).map(f -> f.layout().tfCount()).orElse(null);
        } catch (IOException e) {
            log.debug("{}: frame count unreadable: {}", file, e.getMessage());
            return null;
        }
    }

    /** The adler32 of the sample's own bytes, when a reader knows the file's format. */
    private Optional<String> contentChecksum(Path file, TfSample s) {
        try {
            Optional<StfReaders.Found> found = readers.find(file);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            java.util.zip.Adler32 adler = new java.util.zip.Adler32();
            adler.update(found.get().reader().read(file, s.first(), s.last()));
            return Optional.of("ad:" + adler.getValue());
        } catch (IOException e) {
            log.debug("{}: no content checksum for {}: {}", file, s.tfFilename(), e.getMessage());
            return Optional.empty();
        }
    }

    private void heartbeat(String status, String state) {
        ObjectNode beat = mapper.createObjectNode();
        beat.put(SwfField.INSTANCE_NAME, agentName);
        beat.put("agent_type", "fastmon");
        Stats st = stats();
        boolean busOk = bus == null || bus.isOpen();
        beat.put("status", !status.equals("OK") ? status : busOk && st.lastFailure() == null ? "OK" : "WARNING");
        beat.put("operational_state", state);
        beat.put("pid", ProcessHandle.current().pid());
        beat.put("hostname", hostname());
        if (config.bus().namespace() != null) {
            beat.put(SwfField.NAMESPACE, config.bus().namespace());
        }
        beat.put(
                "description",
                "fastmon agent. MQ: " + (bus == null ? "none (directory mode)" : busOk ? "connected" : "disconnected")
                        + ". queued " + st.queueDepth() + ", parked " + st.parked());
        ObjectNode meta = beat.putObject(SwfField.METADATA);
        meta.put("stfs_registered", st.stfsRegistered());
        meta.put("samples_registered", st.samplesRegistered());
        meta.put("queue_depth", st.queueDepth());
        meta.put("malformed_messages", st.malformed());
        try {
            SwfClient.Answer a = client.heartbeat(beat.toString());
            if (!a.ok()) {
                log.debug("heartbeat answered {}: {}", a.status(), a.body());
            }
        } catch (IOException e) {
            log.debug("heartbeat failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Stops consuming, reports EXITED, and stops; what is still queued is delivered at the next start. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (watcher != null) {
            watcher.close();
        }
        if (bus != null) {
            bus.close();
        }
        if (registrar != null) {
            registrar.close();
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
            if (client != null) {
                heartbeat("EXITED", "EXITED");
            }
        }
        log.info("fast-monitoring agent {} stopped", agentName);
    }

    /** The checksums swf records for a file: daqsim's {@code ad:<adler32>} and an MD5. */
    record Checksums(String adler32, String md5) {
        static Checksums of(Path file) throws IOException {
            java.util.zip.Adler32 adler = new java.util.zip.Adler32();
            java.security.MessageDigest md5;
            try {
                md5 = java.security.MessageDigest.getInstance("MD5");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] buf = new byte[1 << 16];
            try (var in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    adler.update(buf, 0, n);
                    md5.update(buf, 0, n);
                }
            }
            return new Checksums(
                    "ad:" + adler.getValue(), java.util.HexFormat.of().formatHex(md5.digest()));
        }
    }
}
