package io.sightline.simulate.recording;

/**
 * The recording tries to reach outside the replay target: an absolute or {@code ..} path, a link entry in
 * the archive, a path through a symbolic link in the target, or a size beyond the configured bounds.
 */
public final class UnsafeRecordingException extends RecordingException {

    private static final long serialVersionUID = 1L;

    UnsafeRecordingException(String entry, String problem) {
        super(entry, problem, null);
    }
}
