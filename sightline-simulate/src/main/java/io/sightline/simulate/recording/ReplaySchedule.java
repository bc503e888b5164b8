package io.sightline.simulate.recording;

import java.time.Duration;

/** The pauses a replay makes, computed from the recorded timestamps alone (no clock, no sleeping). */
public final class ReplaySchedule {

    /** Pause between events in burst mode, as epuplayer makes (keeps watchers from being flooded). */
    public static final Duration BURST_PAUSE = Duration.ofMillis(1);
    /** Pauses shorter than this are skipped, as epuplayer does. */
    static final Duration MIN_PAUSE = Duration.ofMillis(1);

    private ReplaySchedule() {}

    /**
     * The pause before each event: none before the first; in burst mode {@link #BURST_PAUSE}; otherwise the
     * recorded gap divided by the speed, capped at the max delay, and dropped when it is 1 ms or less (a
     * clock that went backwards gives no pause).
     *
     * @param timestamps event timestamps in seconds, in recording order
     */
    public static Duration[] pauses(double[] timestamps, ReplayOptions options) {
        Duration[] out = new Duration[timestamps.length];
        for (int i = 0; i < timestamps.length; i++) {
            out[i] = i == 0 ? Duration.ZERO : pause(timestamps[i] - timestamps[i - 1], options);
        }
        return out;
    }

    static Duration pause(double gapSeconds, ReplayOptions options) {
        if (options.burst()) {
            return BURST_PAUSE;
        }
        if (!(gapSeconds > 0)) {
            return Duration.ZERO;
        }
        Duration d = Duration.ofNanos(Math.round(gapSeconds / options.speed() * 1e9));
        if (options.maxDelay() != null && d.compareTo(options.maxDelay()) > 0) {
            d = options.maxDelay();
        }
        return d.compareTo(MIN_PAUSE) > 0 ? d : Duration.ZERO;
    }

    /** Total time the pauses add up to. */
    public static Duration total(Duration[] pauses) {
        Duration sum = Duration.ZERO;
        for (Duration d : pauses) {
            sum = sum.plus(d);
        }
        return sum;
    }
}
