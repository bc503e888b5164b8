package io.sightline.simulate.recording;

import java.time.Duration;

/**
 * How a recording is replayed. The presets are epuplayer's: {@link #exact()} keeps the recorded pauses,
 * {@link #fast()} (the default) divides them by 100 and caps each at 1 s, {@link #dev()} divides by 1000,
 * caps at 0.1 s and uses burst mode, which ignores the recorded timing and pauses 1 ms between events.
 *
 * @param speed divisor applied to every recorded pause (greater than 0)
 * @param maxDelay cap on any single pause, or {@code null} for none
 * @param burst ignore the recorded timing; pause {@link ReplaySchedule#BURST_PAUSE} between events
 * @param verify check each file's SHA-256 (size, for placeholders) after every event that records one
 * @param limits bounds on what the recording may make us read or write
 */
public record ReplayOptions(double speed, Duration maxDelay, boolean burst, boolean verify, RecordingLimits limits) {

    public ReplayOptions {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        if (maxDelay != null && maxDelay.isNegative()) {
            throw new IllegalArgumentException("max delay must not be negative, was " + maxDelay);
        }
        if (limits == null) {
            limits = RecordingLimits.defaults();
        }
    }

    /** Original timing (1x). */
    public static ReplayOptions exact() {
        return new ReplayOptions(1.0, null, false, true, RecordingLimits.defaults());
    }

    /** 100x with pauses capped at 1 s: epuplayer's default. */
    public static ReplayOptions fast() {
        return new ReplayOptions(100.0, Duration.ofSeconds(1), false, true, RecordingLimits.defaults());
    }

    /** 1000x, pauses capped at 0.1 s, burst: the end result as fast as possible. */
    public static ReplayOptions dev() {
        return new ReplayOptions(1000.0, Duration.ofMillis(100), true, true, RecordingLimits.defaults());
    }

    /** Recorded pauses divided by {@code speed}, no cap. */
    public static ReplayOptions speed(double speed) {
        return new ReplayOptions(speed, null, false, true, RecordingLimits.defaults());
    }

    public ReplayOptions withMaxDelay(Duration cap) {
        return new ReplayOptions(speed, cap, burst, verify, limits);
    }

    public ReplayOptions withBurst(boolean on) {
        return new ReplayOptions(speed, maxDelay, on, verify, limits);
    }

    public ReplayOptions withVerify(boolean on) {
        return new ReplayOptions(speed, maxDelay, burst, on, limits);
    }

    public ReplayOptions withLimits(RecordingLimits newLimits) {
        return new ReplayOptions(speed, maxDelay, burst, verify, newLimits);
    }

    /**
     * The options for {@code sightline replay [--exact|--fast|--dev|--speed X] [--max-delay S] [--burst]
     * [--no-verify]}. At most one of the four timing choices may be given; without one, {@link #fast()}
     * applies. {@code --max-delay} and {@code --burst} apply on top of any choice (epuplayer ignores them
     * next to a preset; here they are honoured rather than silently dropped).
     *
     * @param speed the value of {@code --speed}, or {@code null}
     * @param maxDelaySeconds the value of {@code --max-delay}, or {@code null}
     * @throws IllegalArgumentException naming the conflicting or invalid flag
     */
    public static ReplayOptions fromFlags(
            boolean exact,
            boolean fast,
            boolean dev,
            Double speed,
            Double maxDelaySeconds,
            boolean burst,
            boolean noVerify) {
        int chosen = (exact ? 1 : 0) + (fast ? 1 : 0) + (dev ? 1 : 0) + (speed != null ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException("choose one of --exact, --fast, --dev, --speed");
        }
        ReplayOptions o;
        if (exact) {
            o = exact();
        } else if (dev) {
            o = dev();
        } else if (speed != null) {
            o = speed(speed);
        } else {
            o = fast();
        }
        if (maxDelaySeconds != null) {
            if (!(maxDelaySeconds >= 0) || Double.isInfinite(maxDelaySeconds)) {
                throw new IllegalArgumentException("--max-delay must be zero or more seconds, was " + maxDelaySeconds);
            }
            o = o.withMaxDelay(Duration.ofNanos(Math.round(maxDelaySeconds * 1e9)));
        }
        if (burst) {
            o = o.withBurst(true);
        }
        return o.withVerify(!noVerify);
    }
}
