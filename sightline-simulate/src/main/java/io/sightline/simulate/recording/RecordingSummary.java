package io.sightline.simulate.recording;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished recording holds.
 *
 * @param output the tar.gz written
 * @param events number of events
 * @param chunks number of {@code chunks/} entries
 * @param placeholders number of events recorded as placeholders
 * @param unreadable files whose content could not be read (recorded with an {@code unreadable_} hash)
 * @param failed changes that could not be recorded at all, each with the reason
 */
public record RecordingSummary(
        Path output, int events, int chunks, int placeholders, List<String> unreadable, List<String> failed) {
    public RecordingSummary {
        unreadable = List.copyOf(unreadable);
        failed = List.copyOf(failed);
    }
}
