package io.sightline.simulate.recording;

import java.util.List;

/**
 * Replay finished, but files in the target do not match the SHA-256 (or size, for placeholders) that the
 * recording holds for them.
 */
public final class RecordingVerificationException extends RecordingException {

    private static final long serialVersionUID = 1L;

    private final transient ReplayResult result;

    RecordingVerificationException(ReplayResult result) {
        super(result.verificationFailures().getFirst().path(), summary(result.verificationFailures()), null);
        this.result = result;
    }

    /** What the replay did, including every failure. */
    public ReplayResult result() {
        return result;
    }

    private static String summary(List<ReplayResult.VerificationFailure> failures) {
        var first = failures.getFirst();
        String more = failures.size() > 1 ? " (and " + (failures.size() - 1) + " more files)" : "";
        return "replayed file does not match the recording, " + first.problem() + more;
    }
}
