package io.sightline.server.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When waiting micrographs become a batch: as soon as {@code batchSize} of them wait, or when the oldest has
 * waited {@code maxWait} (then whatever waits is one batch), or at once when a flush is asked for. Pure, so
 * that the rule is tested apart from the clock and the database.
 */
public record BatchPolicy(int batchSize, Duration maxWait) {
    public static final int MAX_BATCH_SIZE = 10_000;
    public static final Duration LONGEST_WAIT = Duration.ofDays(1);

    public BatchPolicy {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be in [1, " + MAX_BATCH_SIZE + "], got " + batchSize);
        }
        if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException("max wait must be in (0, 1 day], got " + maxWait);
        }
    }

    /**
     * The sizes of the batches to cut now, oldest micrographs first.
     *
     * @param waiting how many micrographs wait
     * @param oldest when the oldest of them was taken (ignored when none waits)
     */
    public List<Integer> cut(int waiting, Instant oldest, Instant now, boolean flush) {
        List<Integer> sizes = new ArrayList<>();
        int left = waiting;
        while (left >= batchSize) {
            sizes.add(batchSize);
            left -= batchSize;
        }
        if (left > 0 && (flush || !now.isBefore(oldest.plus(maxWait)))) {
            sizes.add(left);
        }
        return sizes;
    }

    /** When a partial batch of {@code waiting} micrographs, the oldest taken at {@code oldest}, falls due. */
    public Optional<Instant> due(int waiting, Instant oldest) {
        return waiting == 0 ? Optional.empty() : Optional.of(oldest.plus(maxWait));
    }
}
