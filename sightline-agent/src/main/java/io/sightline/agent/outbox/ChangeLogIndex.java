package io.sightline.agent.outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What the agent store keeps in memory about its change log: the next sequence number, how far delivery
 * has come, which entries above that are done already (acknowledged out of order, or parked), and which
 * rows are no longer the newest of their entity. Pure bookkeeping: the store writes first and tells this
 * index only after its transaction committed, so the two never disagree.
 *
 * <p>Delivery is a cursor, {@link #deliveredThrough()}: every entry at or below it is done. Sequence
 * numbers are handed out one after another and an entry above the cursor is never deleted, so the
 * entries waiting are exactly those above the cursor that are not done.
 */
final class ChangeLogIndex {
    private long nextSeq;
    private long deliveredThrough;
    private final NavigableSet<Long> doneAhead = new TreeSet<>();
    /** uuid → the seq of its newest row. */
    private final Map<String, Long> newest = new HashMap<>();
    /** Rows that a newer row of the same entity replaced (deletable once delivered). */
    private final NavigableSet<Long> superseded = new TreeSet<>();

    ChangeLogIndex(long deliveredThrough) {
        this.deliveredThrough = deliveredThrough;
        this.nextSeq = deliveredThrough + 1;
    }

    /** A row read back from the log at start; rows come in seq order. */
    void loaded(long seq, String uuid) {
        record(seq, uuid);
        nextSeq = Math.max(nextSeq, seq + 1);
    }

    /** An entry above the cursor that was parked before (read back at start). */
    void loadedDone(long seq) {
        if (seq > deliveredThrough) {
            doneAhead.add(seq);
        }
    }

    /** The seq the next appended row gets. */
    long nextSeq() {
        return nextSeq;
    }

    /** Rows with these uuids were committed with seqs {@link #nextSeq()}, {@code nextSeq() + 1}, .... */
    void appended(List<String> uuids) {
        for (String uuid : uuids) {
            record(nextSeq++, uuid);
        }
    }

    private void record(long seq, String uuid) {
        Long before = newest.put(uuid, seq);
        if (before != null) {
            superseded.add(before);
        }
    }

    long deliveredThrough() {
        return deliveredThrough;
    }

    /** True when the entry is delivered or parked. */
    boolean isDone(long seq) {
        return seq <= deliveredThrough || doneAhead.contains(seq);
    }

    /** How many entries above the cursor are done already. */
    int doneAhead() {
        return doneAhead.size();
    }

    /** Entries waiting for delivery. */
    long waiting() {
        return nextSeq - 1 - deliveredThrough - doneAhead.size();
    }

    /** The first entry waiting, if any. */
    long firstWaiting() {
        long seq = deliveredThrough + 1;
        while (doneAhead.contains(seq)) {
            seq++;
        }
        return seq < nextSeq ? seq : -1;
    }

    /** Where the cursor would stand once {@code seqs} are done too (nothing changes). */
    long throughAfter(Collection<Long> seqs) {
        TreeSet<Long> done = new TreeSet<>(doneAhead);
        done.addAll(seqs);
        long through = deliveredThrough;
        while (done.contains(through + 1)) {
            through++;
        }
        return through;
    }

    /** {@code seqs} are done, and the cursor stands at {@code through} (from {@link #throughAfter}). */
    void done(Collection<Long> seqs, long through) {
        for (long seq : seqs) {
            if (seq > through) {
                doneAhead.add(seq);
            }
        }
        deliveredThrough = Math.max(deliveredThrough, through);
        doneAhead.headSet(deliveredThrough, true).clear();
    }

    /** Replaced rows at or below {@code through}: delivered, and no longer anybody's state. */
    List<Long> deletable(long through) {
        return new ArrayList<>(superseded.headSet(through, true));
    }

    /** These rows were deleted. */
    void deleted(Collection<Long> seqs) {
        superseded.removeAll(seqs);
    }
}
