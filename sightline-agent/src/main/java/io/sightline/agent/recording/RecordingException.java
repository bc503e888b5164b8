package io.sightline.agent.recording;

import java.io.IOException;

/**
 * A recording cannot be read, is unsafe, or did not replay faithfully. The message is one line meant for
 * the user and names the archive entry, event or file at fault.
 */
public sealed class RecordingException extends IOException
    permits CorruptRecordingException, UnsafeRecordingException, RecordingVerificationException {

  private static final long serialVersionUID = 1L;

  RecordingException(String message) {
    super(message);
  }

  RecordingException(String message, Throwable cause) {
    super(message, cause);
  }
}
