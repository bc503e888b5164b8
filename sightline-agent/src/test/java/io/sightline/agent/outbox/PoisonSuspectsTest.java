package io.sightline.agent.outbox;

import static io.sightline.agent.outbox.PoisonSuspects.Verdict.HELD_BACK;
import static io.sightline.agent.outbox.PoisonSuspects.Verdict.POISON;
import static io.sightline.agent.outbox.PoisonSuspects.Verdict.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The poison rule's bookkeeping, answer by answer. */
class PoisonSuspectsTest {

    @Test
    void anEntryFailingAloneWithOthersAcceptedBetweenEachTimeIsPoisonAtTheThirdFailure() {
        PoisonSuspects suspects = new PoisonSuspects();
        assertThat(suspects.failedAlone(7)).isEqualTo(HELD_BACK);
        assertThat(suspects.heldBack(7)).isTrue();
        assertThat(suspects.due()).as("nothing accepted since it failed").isEmpty();

        suspects.accepted();
        assertThat(suspects.due()).contains(7L);
        assertThat(suspects.failedAlone(7)).isEqualTo(HELD_BACK);
        assertThat(suspects.strikes(7)).isEqualTo(2);
        assertThat(suspects.due()).isEmpty();

        suspects.accepted();
        assertThat(suspects.failedAlone(7)).isEqualTo(POISON);
        assertThat(suspects.heldBack(7)).isFalse();
        assertThat(PoisonSuspects.STRIKES).isEqualTo(3);
    }

    @Test
    void failuresAloneWithNothingAcceptedBetweenCountOnce() {
        PoisonSuspects suspects = new PoisonSuspects();
        for (int i = 0; i < 10; i++) {
            assertThat(suspects.failedAlone(7)).isEqualTo(HELD_BACK);
        }
        assertThat(suspects.strikes(7)).isEqualTo(1);
    }

    @Test
    void anOutageForgetsEverySuspectAndEveryDeferredEntry() {
        PoisonSuspects suspects = new PoisonSuspects();
        suspects.failedAlone(7);
        suspects.accepted();
        suspects.failedAlone(7);
        assertThat(suspects.defers(9)).isTrue();

        suspects.outage();

        assertThat(suspects.heldBackCount()).isZero();
        assertThat(suspects.strikes(7)).isZero();
        suspects.accepted();
        assertThat(suspects.failedAlone(7)).as("counting starts over").isEqualTo(HELD_BACK);
        assertThat(suspects.strikes(7)).isEqualTo(1);
    }

    @Test
    void aNotFoundBehindASuspectIsDeferredUntilEverySuspectBeforeItIsSettled() {
        PoisonSuspects suspects = new PoisonSuspects();
        assertThat(suspects.defers(5))
                .as("no suspect before it: its 404 is its own")
                .isFalse();
        suspects.failedAlone(10);
        suspects.failedAlone(20);
        assertThat(suspects.defers(5)).isFalse();
        assertThat(suspects.defers(15)).isTrue();
        assertThat(suspects.defers(25)).isTrue();
        assertThat(suspects.heldBackCount()).isEqualTo(4);

        suspects.settled(10);
        assertThat(suspects.heldBack(15)).as("nothing held back before it now").isFalse();
        assertThat(suspects.heldBack(25)).as("20 is still held back").isTrue();

        suspects.settled(20);
        assertThat(suspects.heldBackCount()).isZero();
    }

    @Test
    void aSuspectThatTurnsOutToBeAChildOfAnEarlierOneIsDeferredInstead() {
        PoisonSuspects suspects = new PoisonSuspects();
        suspects.failedAlone(10);
        suspects.failedAlone(20);
        assertThat(suspects.defers(20)).isTrue();
        assertThat(suspects.strikes(20)).isZero();
        assertThat(suspects.heldBack(20)).isTrue();
    }

    @Test
    void pastTheMostSuspectsAFailureAloneIsTheServersNotTheEntrys() {
        PoisonSuspects suspects = new PoisonSuspects();
        for (long seq = 1; seq <= PoisonSuspects.MOST_SUSPECTS; seq++) {
            assertThat(suspects.failedAlone(seq)).isEqualTo(HELD_BACK);
        }
        assertThat(suspects.failedAlone(100)).isEqualTo(RETRY);
        assertThat(suspects.heldBack(100)).isFalse();
    }

    @Test
    void theFirstDueSuspectIsTheOldest() {
        PoisonSuspects suspects = new PoisonSuspects();
        suspects.failedAlone(30);
        suspects.failedAlone(10);
        suspects.accepted();
        assertThat(suspects.due()).contains(10L);
        suspects.failedAlone(10);
        assertThat(suspects.due()).contains(30L);
    }

    /** One thing the server can do: fail an entry alone (0-3), accept others (4), or be away (5). */
    @Provide
    Arbitrary<List<Integer>> answers() {
        return Arbitraries.integers().between(0, 5).list().ofMaxSize(200);
    }

    @Property
    void aServerThatAcceptsNothingNeverMakesAPoisonItem(@ForAll("answers") List<Integer> answers) {
        PoisonSuspects suspects = new PoisonSuspects();
        for (int answer : answers) {
            switch (answer) {
                case 4, 5 -> suspects.outage(); // no answer, or 503: never an acceptance
                default -> assertThat(suspects.failedAlone(answer)).isNotEqualTo(POISON);
            }
        }
    }

    @Property
    void aPoisonItemFailedAloneThreeTimesWithAnAcceptanceBetweenEachAndNoOutageSince(
            @ForAll("answers") List<Integer> answers) {
        PoisonSuspects suspects = new PoisonSuspects();
        int[] strikes = new int[4];
        boolean[] acceptedSinceStrike = new boolean[4];
        for (int answer : answers) {
            switch (answer) {
                case 4 -> {
                    suspects.accepted();
                    java.util.Arrays.fill(acceptedSinceStrike, true);
                }
                case 5 -> {
                    suspects.outage();
                    java.util.Arrays.fill(strikes, 0);
                }
                default -> {
                    if (strikes[answer] == 0 || acceptedSinceStrike[answer]) {
                        strikes[answer]++;
                        acceptedSinceStrike[answer] = false;
                    }
                    PoisonSuspects.Verdict verdict = suspects.failedAlone(answer);
                    assertThat(verdict == POISON).isEqualTo(strikes[answer] == PoisonSuspects.STRIKES);
                    if (verdict == POISON) {
                        strikes[answer] = 0;
                    }
                }
            }
        }
    }
}
