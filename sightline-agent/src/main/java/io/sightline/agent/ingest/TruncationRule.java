package io.sightline.agent.ingest;

import java.time.Duration;

/**
 * When a file that ends early stops counting as "still being written" and is reported as malformed
 * (truncated): its bytes were the same at {@code reads} reads in a row and have not changed for at least
 * {@code unchangedFor}. EPU writes a file in one go, so one that stays cut short past a good many settle
 * windows will not be finished; it is read again when it changes.
 *
 * @param reads        incomplete reads of the same bytes in a row, at least 1
 * @param unchangedFor how long the bytes must have stayed the same, from the first of those reads
 */
public record TruncationRule(int reads, Duration unchangedFor) {
    /** Settle windows a cut-short file must stay unchanged. */
    static final int SETTLE_WINDOWS = 30;
    /** Reads of the same cut-short bytes. */
    static final int SAME_READS = 4;
    /** For the default settle window of 1 s: four reads over at least 30 s. */
    public static final TruncationRule DEFAULT = forSettleWindow(Duration.ofSeconds(1));

    public TruncationRule {
        if (reads < 1) {
            throw new IllegalArgumentException("reads must be at least 1, got " + reads);
        }
        if (unchangedFor.isNegative()) {
            throw new IllegalArgumentException("unchangedFor must not be negative, got " + unchangedFor);
        }
    }

    /** {@value #SAME_READS} reads of the same bytes over {@value #SETTLE_WINDOWS} settle windows. */
    public static TruncationRule forSettleWindow(Duration settle) {
        return new TruncationRule(SAME_READS, settle.multipliedBy(SETTLE_WINDOWS));
    }

    /** Whether {@code sameReads} incomplete reads of unchanged bytes over {@code unchanged} mean truncated. */
    public boolean truncated(int sameReads, Duration unchanged) {
        return sameReads >= reads && unchanged.compareTo(unchangedFor) >= 0;
    }
}
