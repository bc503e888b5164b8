package io.sightline.agent.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bookkeeping of the poison rule (README, "Running the agent"): which outbox entries the server
 * failed with a 500 while they were alone in a request, how often, and whether it accepted other
 * entries in between. An entry is a poison item only after {@link #STRIKES} such failures, each after
 * the server accepted other entries since the one before: a server that fails everything (its database
 * down) never accepts anything in between, so it strikes nobody twice.
 *
 * <p>A suspect is held back while the rest of the outbox goes on, so other entries can show whether the
 * server is well. Entries the server answers 404 while a suspect before them is held back may be its
 * children: they are deferred, not parked, until every suspect before them is settled. Any sign of an
 * outage (no answer, 502, 503, 504) forgets all of it: everything goes back into order.
 *
 * <p>Pure bookkeeping, for the sender's thread only; nothing here survives a restart (after one, the
 * outbox is sent in order again and suspicion starts over).
 */
final class PoisonSuspects {
    /** Failures alone, each after the server accepted others since the last, that make a poison item. */
    static final int STRIKES = 3;
    /**
     * Most suspects held back at once. A database that fails every write holds back one more entry at
     * each retry; past this many, a failure alone says more about the server than about the entry.
     */
    static final int MOST_SUSPECTS = 16;

    /** What a failure alone means for the entry. */
    enum Verdict {
        /** Held back: the rest goes on, and it is tried alone again once the server accepted others. */
        HELD_BACK,
        /** Failed alone {@link #STRIKES} times while the server accepted others: park it. */
        POISON,
        /** Not counted (too many suspects already): retry it in order, with backoff. */
        RETRY
    }

    /** How many times it failed alone, and how many acceptances the server had given at the last one. */
    private record Suspect(int strikes, long acceptancesAtLastStrike) {}

    private final TreeMap<Long, Suspect> suspects = new TreeMap<>();
    private final TreeSet<Long> deferred = new TreeSet<>();
    /** Requests in which the server accepted at least one entry. */
    private long acceptances;

    /** The server accepted at least one entry of a request. */
    void accepted() {
        acceptances++;
    }

    /** The server failed {@code seq} with a 500 while it was alone in the request. */
    Verdict failedAlone(long seq) {
        Suspect known = suspects.get(seq);
        if (known == null) {
            if (suspects.size() >= MOST_SUSPECTS) {
                return Verdict.RETRY;
            }
            suspects.put(seq, new Suspect(1, acceptances));
            return Verdict.HELD_BACK;
        }
        if (known.acceptancesAtLastStrike() == acceptances) {
            return Verdict.HELD_BACK; // nothing accepted since its last failure: says nothing about it
        }
        int strikes = known.strikes() + 1;
        if (strikes >= STRIKES) {
            suspects.remove(seq);
            return Verdict.POISON;
        }
        suspects.put(seq, new Suspect(strikes, acceptances));
        return Verdict.HELD_BACK;
    }

    /** How many times {@code seq} has failed alone so far (0 when it is no suspect). */
    int strikes(long seq) {
        Suspect s = suspects.get(seq);
        return s == null ? 0 : s.strikes();
    }

    /** The first suspect the server accepted others since it last failed: the one to try alone next. */
    Optional<Long> due() {
        return suspects.entrySet().stream()
                .filter(e -> e.getValue().acceptancesAtLastStrike() < acceptances)
                .map(java.util.Map.Entry::getKey)
                .findFirst();
    }

    /** Whether a 404 for {@code seq} may be its parent's fault: a suspect before it is held back. */
    boolean defers(long seq) {
        if (suspects.lowerKey(seq) == null) {
            return false;
        }
        suspects.remove(seq);
        deferred.add(seq);
        return true;
    }

    /**
     * {@code seq} is settled (delivered or parked): it is no suspect any more, and entries deferred
     * behind it with no other suspect before them go back into order.
     */
    void settled(long seq) {
        suspects.remove(seq);
        release();
    }

    /** No answer, or an answer that says the server is away: suspicion is forgotten, order restored. */
    void outage() {
        suspects.clear();
        deferred.clear();
    }

    /** Whether the head of the outbox skips {@code seq} (a suspect, or deferred behind one). */
    boolean heldBack(long seq) {
        return suspects.containsKey(seq) || deferred.contains(seq);
    }

    /** Entries held back: suspects and those deferred behind them. */
    int heldBackCount() {
        return suspects.size() + deferred.size();
    }

    int suspectCount() {
        return suspects.size();
    }

    private void release() {
        Long first = suspects.isEmpty() ? null : suspects.firstKey();
        List<Long> free = new ArrayList<>();
        for (long seq : deferred) {
            if (first != null && seq > first) {
                break;
            }
            free.add(seq);
        }
        free.forEach(deferred::remove);
    }
}
