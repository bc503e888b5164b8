package io.sightline.simulate.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReplayScheduleTest {

    /** Gaps: 10 s, 0.5 ms, 9.9995 s, a clock step back, 81 s. */
    private static final double[] TIMES = {1000.0, 1010.0, 1010.0005, 1020.0, 1019.0, 1100.0};

    private static Duration s(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    @Test
    void exactKeepsRecordedGapsAndDropsOnlyTinyOrNegativeOnes() {
        assertThat(ReplaySchedule.pauses(TIMES, ReplayOptions.exact()))
                .containsExactly(Duration.ZERO, s(10), Duration.ZERO, s(9.9995), Duration.ZERO, s(81));
    }

    @Test
    void speedDividesEveryGap() {
        assertThat(ReplaySchedule.pauses(TIMES, ReplayOptions.speed(10)))
                .containsExactly(Duration.ZERO, s(1), Duration.ZERO, s(0.99995), Duration.ZERO, s(8.1));
    }

    @Test
    void maxDelayCapsEachPauseButKeepsShorterOnes() {
        var options = ReplayOptions.exact().withMaxDelay(Duration.ofSeconds(5));
        assertThat(ReplaySchedule.pauses(new double[] {0, 3, 103}, options)).containsExactly(Duration.ZERO, s(3), s(5));
    }

    @Test
    void fastIsAHundredTimesWithOneSecondCap() {
        assertThat(ReplaySchedule.pauses(TIMES, ReplayOptions.fast()))
                .containsExactly(Duration.ZERO, s(0.1), Duration.ZERO, s(0.099995), Duration.ZERO, s(0.81));
        assertThat(ReplaySchedule.pauses(new double[] {0, 500}, ReplayOptions.fast()))
                .containsExactly(Duration.ZERO, s(1));
    }

    @Test
    void burstAndDevIgnoreRecordedTimingAndPauseOneMillisecond() {
        Duration ms = Duration.ofMillis(1);
        assertThat(ReplaySchedule.pauses(TIMES, ReplayOptions.dev()))
                .containsExactly(Duration.ZERO, ms, ms, ms, ms, ms);
        assertThat(ReplaySchedule.pauses(TIMES, ReplayOptions.exact().withBurst(true)))
                .containsExactly(Duration.ZERO, ms, ms, ms, ms, ms);
    }

    @Test
    void totalAddsThePauses() {
        assertThat(ReplaySchedule.total(ReplaySchedule.pauses(TIMES, ReplayOptions.speed(10))))
                .isEqualTo(s(10.09995));
    }

    @Test
    void flagsMapToEpuplayerPresetsWithOverridesOnTop() {
        assertThat(ReplayOptions.fromFlags(false, false, false, null, null, false, false))
                .isEqualTo(ReplayOptions.fast());
        assertThat(ReplayOptions.fromFlags(true, false, false, null, null, false, false))
                .isEqualTo(ReplayOptions.exact());
        assertThat(ReplayOptions.fromFlags(false, false, true, null, null, false, true))
                .isEqualTo(ReplayOptions.dev().withVerify(false));
        var custom = ReplayOptions.fromFlags(false, false, false, 5.0, 2.5, true, false);
        assertThat(custom.speed()).isEqualTo(5.0);
        assertThat(custom.maxDelay()).isEqualTo(Duration.ofMillis(2500));
        assertThat(custom.burst()).isTrue();
        assertThat(ReplayOptions.fromFlags(true, false, false, null, 0.5, false, false)
                        .maxDelay())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void conflictingOrInvalidFlagsAreRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> ReplayOptions.fromFlags(true, false, false, 2.0, null, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--exact");
        assertThatThrownBy(() -> ReplayOptions.fromFlags(false, false, false, 0.0, null, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speed");
        assertThatThrownBy(() -> ReplayOptions.fromFlags(false, false, false, null, -1.0, false, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-delay");
    }

    @Test
    void interruptedPauseStopsTheReplayWhereItWas(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        var source = java.nio.file.Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "a.txt", "a");
        Trees.write(source, "b.txt", "b");
        var out = tmp.resolve("r.tar.gz");
        new SessionRecorder(RecorderOptions.defaults().withClock(new RoundTripTest.StepClock())).record(source, out);
        Sleeper interruptSecond = d -> {
            if (!d.isZero()) {
                throw new InterruptedException("stop");
            }
        };

        assertThatThrownBy(() -> new SessionReplayer(interruptSecond, ReplayListener.NONE)
                        .replay(out, tmp.resolve("t"), ReplayOptions.exact()))
                .isInstanceOf(InterruptedException.class)
                .hasMessageContaining("event #1");
        assertThat(tmp.resolve("t/a.txt")).hasContent("a");
        assertThat(tmp.resolve("t/b.txt")).doesNotExist();
    }

    @Test
    void replayerSleepsExactlyTheScheduledPauses(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        var source = java.nio.file.Files.createDirectories(tmp.resolve("s"));
        Trees.write(source, "a.txt", "a");
        Trees.write(source, "b.txt", "b");
        var out = tmp.resolve("r.tar.gz");
        new SessionRecorder(RecorderOptions.defaults().withClock(new RoundTripTest.StepClock())).record(source, out);

        var slept = new java.util.ArrayList<Duration>();
        new SessionReplayer(slept::add, ReplayListener.NONE).replay(out, tmp.resolve("t"), ReplayOptions.speed(3));

        assertThat(slept).containsExactly(Duration.ZERO, Duration.ofMillis(500));
    }
}
