package io.sightline.fastmon;

import io.sightline.fastmon.sampling.PartitionSampler;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the fast-monitoring agent runs with. Exactly one source: {@code amqpUri} (message mode) or
 * {@code watchDir} (directory mode).
 */
public record FastmonConfig(
        URI apiUrl,
        String token,
        String amqpUri,
        Path watchDir,
        Path stateDir,
        Sampling sampling,
        Bus bus,
        Timings timings) {

    /** N samples per STF covering about a fraction f of its frames, drawn with this seed. */
    public record Sampling(int samplesPerStf, double fraction, long seed) {
        public static final Sampling DEFAULT =
                new Sampling(PartitionSampler.DEFAULT_SAMPLES, PartitionSampler.DEFAULT_FRACTION, 0);
    }

    /**
     * @param routingKey the bus topic ({@code epictopic}); tests use their own
     * @param queue the agent's durable queue on the broker
     * @param namespace the testbed namespace: messages of another namespace are dropped (null: all)
     */
    public record Bus(String routingKey, String queue, String namespace) {
        public static final Bus DEFAULT = new Bus("epictopic", "sightline.fastmon", null);
    }

    /**
     * @param settle how long a file must stay unchanged before it counts as written (directory mode)
     * @param heartbeat how often the agent reports to the server
     * @param firstRetry the first delay before a failed delivery is tried again (doubling up to maxRetry)
     */
    public record Timings(Duration settle, Duration heartbeat, Duration firstRetry, Duration maxRetry) {
        public static final Timings DEFAULT = new Timings(
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public FastmonConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(stateDir, "stateDir");
        if ((amqpUri == null) == (watchDir == null)) {
            throw new IllegalArgumentException("give exactly one source: an AMQP URI or a directory to watch");
        }
        sampling = sampling == null ? Sampling.DEFAULT : sampling;
        bus = bus == null ? Bus.DEFAULT : bus;
        timings = timings == null ? Timings.DEFAULT : timings;
    }

    /** Message mode with the defaults. */
    public static FastmonConfig messages(URI apiUrl, String token, String amqpUri, Path stateDir) {
        return new FastmonConfig(apiUrl, token, amqpUri, null, stateDir, null, null, null);
    }

    /** Directory mode with the defaults. */
    public static FastmonConfig directory(URI apiUrl, String token, Path watchDir, Path stateDir) {
        return new FastmonConfig(apiUrl, token, null, watchDir, stateDir, null, null, null);
    }

    public FastmonConfig with(Sampling value) {
        return new FastmonConfig(apiUrl, token, amqpUri, watchDir, stateDir, value, bus, timings);
    }

    public FastmonConfig with(Bus value) {
        return new FastmonConfig(apiUrl, token, amqpUri, watchDir, stateDir, sampling, value, timings);
    }

    public FastmonConfig with(Timings value) {
        return new FastmonConfig(apiUrl, token, amqpUri, watchDir, stateDir, sampling, bus, value);
    }

    @Override
    public String toString() {
        return "FastmonConfig[apiUrl=" + apiUrl + ", token=" + (token == null ? "<none>" : "****") + ", source="
                + (amqpUri != null
                        ? "amqp " + amqpUri.replaceAll("//([^:@/]+):[^@/]*@", "//$1:****@")
                        : "watch " + watchDir)
                + ", stateDir=" + stateDir + ", " + sampling + ", " + bus + "]";
    }
}
