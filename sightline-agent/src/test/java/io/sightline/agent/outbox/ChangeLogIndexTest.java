package io.sightline.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogIndexTest {
    @Test
    void theCursorMovesOnlyOverAnUnbrokenRunOfDoneEntries() {
        ChangeLogIndex index = new ChangeLogIndex(0);
        index.appended(List.of("a", "b", "c", "d"));
        assertThat(index.waiting()).isEqualTo(4);

        long through = index.throughAfter(List.of(2L, 3L));
        index.done(List.of(2L, 3L), through);
        assertThat(index.deliveredThrough()).isZero();
        assertThat(index.waiting()).isEqualTo(2);
        assertThat(index.firstWaiting()).isEqualTo(1);
        assertThat(index.isDone(2)).isTrue();

        index.done(List.of(1L), index.throughAfter(List.of(1L)));
        assertThat(index.deliveredThrough()).isEqualTo(3);
        assertThat(index.doneAhead()).isZero();
        assertThat(index.firstWaiting()).isEqualTo(4);
    }

    @Test
    void askingWhereTheCursorWouldGoChangesNothing() {
        ChangeLogIndex index = new ChangeLogIndex(0);
        index.appended(List.of("a", "b"));
        assertThat(index.throughAfter(List.of(1L, 2L))).isEqualTo(2);
        assertThat(index.deliveredThrough()).isZero();
        assertThat(index.waiting()).isEqualTo(2);
    }

    @Test
    void onlyReplacedRowsTheCursorHasPassedAreDeletable() {
        ChangeLogIndex index = new ChangeLogIndex(0);
        index.appended(List.of("a", "b", "a", "a"));
        assertThat(index.deletable(4)).containsExactly(1L, 3L);
        assertThat(index.deletable(2)).containsExactly(1L);
        index.deleted(List.of(1L));
        assertThat(index.deletable(4)).containsExactly(3L);
    }

    @Test
    void readBackItContinuesAfterTheNewestRowAndKeepsParkedEntriesDone() {
        ChangeLogIndex index = new ChangeLogIndex(5);
        index.loaded(2, "a");
        index.loaded(6, "b");
        index.loaded(7, "a");
        index.loadedDone(6);
        assertThat(index.nextSeq()).isEqualTo(8);
        assertThat(index.waiting()).isEqualTo(1);
        assertThat(index.firstWaiting()).isEqualTo(7);
        assertThat(index.deletable(7)).containsExactly(2L);
    }
}
