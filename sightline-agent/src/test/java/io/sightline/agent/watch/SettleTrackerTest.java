package io.sightline.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettleTrackerTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Path A = Path.of("/visit/a.xml");
    private static final Path B = Path.of("/visit/b.xml");
    private static final Path C = Path.of("/visit/sub/c.xml");

    private final SettleTracker tracker = new SettleTracker(WINDOW);

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    /** A modification time {@code nanos} after T0: written just now, as the files in these tests are. */
    private static long recent(long nanos) {
        return SettleTracker.nanos(T0) + nanos;
    }

    /** Brings a new file through its first settle window, checking that it is handed on. */
    private void handOn(Path path, long size, long modified) {
        tracker.observe(path, size, recent(modified), at(0));
        tracker.observe(path, size, recent(modified), at(1000));
        assertThat(tracker.drainSettled()).extracting(SettledFile::path).contains(path);
    }

    @Test
    void aFileFirstSeenLongAfterItsLastWriteSettlesWithoutASecondLook() {
        long writtenAnHourAgo = SettleTracker.nanos(T0.minusSeconds(3600));
        tracker.observe(A, 10, writtenAnHourAgo, at(0));

        assertThat(tracker.drainSettled()).containsExactly(new SettledFile(A, 10, T0.minusSeconds(3600)));
        assertThat(tracker.awaitingConfirmation(at(5000))).isEmpty();
    }

    @Test
    void aModificationTimeOlderThanTheWindowButWithinTheMarginStillWaitsForConfirmation() {
        // a window of 1 s, written 1.5 s ago: a coarse clock could hide a write after that, so look again
        tracker.observe(A, 10, SettleTracker.nanos(T0.minusMillis(1500)), at(0));

        assertThat(tracker.drainSettled()).isEmpty();
        assertThat(tracker.awaitingConfirmation(at(1000))).containsExactly(A);
    }

    @Test
    void anOldFileThatChangesAgainWaitsForItsWindowLikeAnyOther() {
        tracker.observe(A, 10, SettleTracker.nanos(T0.minusSeconds(3600)), at(0));
        assertThat(tracker.drainSettled()).hasSize(1);

        tracker.observe(A, 20, recent(0), at(0));
        assertThat(tracker.drainSettled()).isEmpty();
        tracker.observe(A, 20, recent(0), at(1000));
        assertThat(tracker.drainSettled()).extracting(SettledFile::size).containsExactly(20L);
    }

    @Test
    void newFileIsNotSettledBeforeTheWindowHasPassed() {
        tracker.observe(A, 10, recent(100), at(0));
        tracker.observe(A, 10, recent(100), at(999));

        assertThat(tracker.drainSettled()).isEmpty();
        assertThat(tracker.awaitingConfirmation(at(999))).isEmpty();
        assertThat(tracker.pendingCount()).isEqualTo(1);
    }

    @Test
    void fileObservedUnchangedAfterTheWindowSettlesWithItsSizeAndTime() {
        tracker.observe(A, 10, recent(5_000_000_123L), at(0));
        tracker.observe(A, 10, recent(5_000_000_123L), at(1000));

        assertThat(tracker.drainSettled())
                .containsExactly(new SettledFile(A, 10, SettleTracker.instant(recent(5_000_000_123L))));
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void fileNotLookedAtAgainIsAwaitingConfirmationOnceTheWindowHasPassed() {
        tracker.observe(A, 10, recent(100), at(0));

        assertThat(tracker.nextDeadline()).contains(at(1000));
        assertThat(tracker.awaitingConfirmation(at(999))).isEmpty();
        assertThat(tracker.awaitingConfirmation(at(1000))).containsExactly(A);
        assertThat(tracker.drainSettled()).as("not confirmed yet").isEmpty();
    }

    @Test
    void changeRestartsTheWindow() {
        tracker.observe(A, 10, recent(100), at(0));
        tracker.observe(A, 20, recent(200), at(800));
        tracker.observe(A, 20, recent(200), at(1500));

        assertThat(tracker.drainSettled()).isEmpty();
        assertThat(tracker.nextDeadline()).contains(at(1800));

        tracker.observe(A, 20, recent(200), at(1800));
        assertThat(tracker.drainSettled()).extracting(SettledFile::size).containsExactly(20L);
    }

    @Test
    void modificationTimeAloneIsAChange() {
        tracker.observe(A, 10, recent(100), at(0));
        tracker.observe(A, 10, recent(101), at(900));
        tracker.observe(A, 10, recent(101), at(1200));

        assertThat(tracker.drainSettled()).isEmpty();
    }

    @Test
    void sameStateSeenAgainIsNotHandedOnTwice() {
        tracker.observe(A, 10, recent(100), at(0));
        tracker.observe(A, 10, recent(100), at(1000));
        assertThat(tracker.drainSettled()).hasSize(1);

        tracker.observe(A, 10, recent(100), at(5000));
        tracker.observe(A, 10, recent(100), at(9000));

        assertThat(tracker.drainSettled()).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void rewrittenFileIsHandedOnAgainAfterItSettlesAgain() {
        handOn(A, 10, 100);

        tracker.observe(A, 12, recent(300), at(2000));
        assertThat(tracker.drainSettled()).isEmpty();
        tracker.observe(A, 12, recent(300), at(3000));

        assertThat(tracker.drainSettled()).containsExactly(new SettledFile(A, 12, SettleTracker.instant(recent(300))));
    }

    @Test
    void fileThatReturnsToItsHandedOnStateIsNotHandedOnAgain() {
        handOn(A, 10, 100);

        tracker.observe(A, 11, recent(200), at(1100));
        tracker.observe(A, 10, recent(100), at(1200));
        tracker.observe(A, 10, recent(100), at(2200));

        assertThat(tracker.drainSettled()).isEmpty();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void filesThatSettleTogetherComeOutInPathOrder() {
        tracker.observe(C, 1, recent(1), at(0));
        tracker.observe(B, 1, recent(1), at(0));
        tracker.observe(A, 1, recent(1), at(0));
        for (Path path : tracker.awaitingConfirmation(at(1000))) {
            tracker.observe(path, 1, recent(1), at(1000));
        }

        assertThat(tracker.drainSettled()).extracting(SettledFile::path).containsExactly(A, B, C);
    }

    @Test
    void removingAFileThatWasHandedOnIsNews() {
        handOn(A, 1, 1);
        tracker.observe(B, 1, recent(1), at(0));

        assertThat(tracker.remove(A)).isTrue();
        assertThat(tracker.remove(B)).as("never handed on").isFalse();
        assertThat(tracker.remove(C)).as("never seen").isFalse();
        assertThat(tracker.trackedCount()).isZero();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void removedFileThatComesBackIsHandedOnAgain() {
        handOn(A, 1, 1);
        tracker.remove(A);

        tracker.observe(A, 1, recent(1), at(2000));
        tracker.observe(A, 1, recent(1), at(3000));

        assertThat(tracker.drainSettled()).extracting(SettledFile::path).containsExactly(A);
    }

    @Test
    void removeUnderForgetsADirectoryAndReportsOnlyHandedOnFiles() {
        Path sibling = Path.of("/visit/subway/d.xml");
        tracker.observe(C, 1, recent(1), at(0));
        tracker.observe(sibling, 1, recent(1), at(0));
        tracker.observe(C, 1, recent(1), at(1000));
        tracker.observe(sibling, 1, recent(1), at(1000));
        tracker.drainSettled();
        Path pendingBelow = Path.of("/visit/sub/deeper/e.xml");
        tracker.observe(pendingBelow, 1, recent(1), at(1100));

        assertThat(tracker.removeUnder(Path.of("/visit/sub"))).containsExactly(C);
        assertThat(tracker.isTracked(sibling)).isTrue();
        assertThat(tracker.isTracked(pendingBelow)).isFalse();
        assertThat(tracker.pendingCount()).isZero();
    }

    @Test
    void sweepForgetsFilesNotObservedSinceItBegan() {
        tracker.observe(A, 1, recent(1), at(0));
        tracker.observe(B, 1, recent(1), at(0));
        tracker.observe(A, 1, recent(1), at(1000));
        tracker.observe(B, 1, recent(1), at(1000));
        tracker.drainSettled();
        tracker.observe(C, 1, recent(1), at(1100));

        tracker.beginSweep();
        tracker.observe(B, 1, recent(1), at(2000));

        assertThat(tracker.endSweep()).containsExactly(A);
        assertThat(tracker.isTracked(B)).isTrue();
        assertThat(tracker.isTracked(C)).as("pending, not seen by the sweep").isFalse();
    }

    @Test
    void sweepThatIsNotEndedForgetsNothing() {
        tracker.observe(A, 1, recent(1), at(0));
        tracker.beginSweep();

        assertThat(tracker.isTracked(A)).isTrue();

        tracker.beginSweep();
        tracker.observe(A, 1, recent(1), at(10));
        assertThat(tracker.endSweep()).isEmpty();
        assertThat(tracker.isTracked(A)).isTrue();
    }

    @Test
    void zeroWindowSettlesOnTheFirstObservation() {
        SettleTracker immediate = new SettleTracker(Duration.ZERO);
        immediate.observe(A, 1, 1, at(0));

        assertThat(immediate.drainSettled()).hasSize(1);
    }

    @Test
    void negativeWindowIsRejected() {
        assertThatThrownBy(() -> new SettleTracker(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }
}
