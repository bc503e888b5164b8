package io.sightline.simulate.recording;

import java.util.List;

/**
 * What a replay did.
 *
 * @param eventsApplied events written to the target
 * @param eventsSkipped events not applied (unknown type, nothing to act on); each has a warning
 * @param filesVerified checks made after events that carry a hash
 * @param verificationFailures files that did not match the recording at their last check (a mismatch that a
 *     later event of the same file corrected is a warning instead)
 * @param warnings one line per skipped or questionable event (the first thousand)
 */
public record ReplayResult(
        int eventsApplied,
        int eventsSkipped,
        int filesVerified,
        List<VerificationFailure> verificationFailures,
        List<String> warnings) {

    public ReplayResult {
        verificationFailures = List.copyOf(verificationFailures);
        warnings = List.copyOf(warnings);
    }

    /**
     * A mismatch found by verification.
     *
     * @param eventIndex zero-based position of the event in the recording
     * @param path the recorded relative path
     * @param problem what differs, e.g. expected and actual hash prefixes
     */
    public record VerificationFailure(int eventIndex, String path, String problem) {}
}
