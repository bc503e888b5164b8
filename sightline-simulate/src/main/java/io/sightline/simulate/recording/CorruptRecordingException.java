package io.sightline.simulate.recording;

/** The archive is truncated, not gzip/tar, or its {@code recording.json} is malformed or inconsistent. */
public final class CorruptRecordingException extends RecordingException {

    private static final long serialVersionUID = 1L;

    CorruptRecordingException(String entry, String problem) {
        super(entry, problem, null);
    }

    CorruptRecordingException(String entry, String problem, Throwable cause) {
        super(entry, problem, cause);
    }
}
