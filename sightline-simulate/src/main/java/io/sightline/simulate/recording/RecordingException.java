package io.sightline.simulate.recording;

import java.io.IOException;

/**
 * A recording cannot be read, is unsafe, or did not replay faithfully. The message is one line meant for
 * the user, {@code "<entry>: <problem>"}, naming the archive entry, event or file at fault.
 */
public sealed class RecordingException extends IOException
        permits CorruptRecordingException, UnsafeRecordingException, RecordingVerificationException {

    private static final long serialVersionUID = 1L;

    private final String entry;

    RecordingException(String entry, String problem, Throwable cause) {
        super(entry + ": " + problem, cause);
        this.entry = entry;
    }

    /** The archive entry, event ({@code event #n (...)}) or recorded path at fault. */
    public String entry() {
        return entry;
    }
}
