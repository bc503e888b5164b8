package io.sightline.simulate.recording;

/**
 * Bounds applied when reading a recording, so a hostile or broken archive cannot fill the disk.
 *
 * @param maxRecordingJsonBytes largest accepted {@code recording.json}
 * @param maxChunkBytes largest accepted single chunk
 * @param maxTotalBytes largest sum of all extracted entries
 * @param maxEntries most archive entries
 * @param maxFileBytes largest file size a replayed event may create (placeholders, truncation)
 */
public record RecordingLimits(
        long maxRecordingJsonBytes, long maxChunkBytes, long maxTotalBytes, long maxEntries, long maxFileBytes) {

    private static final long GIB = 1024L * 1024 * 1024;

    /** Generous enough for a multi-day EPU session, small enough to stop a runaway archive. */
    public static RecordingLimits defaults() {
        return new RecordingLimits(4 * GIB, 16 * GIB, 64 * GIB, 10_000_000, 64 * GIB);
    }

    public RecordingLimits {
        if (maxRecordingJsonBytes <= 0
                || maxChunkBytes <= 0
                || maxTotalBytes <= 0
                || maxEntries <= 0
                || maxFileBytes < 0) {
            throw new IllegalArgumentException("recording limits must be positive");
        }
    }
}
