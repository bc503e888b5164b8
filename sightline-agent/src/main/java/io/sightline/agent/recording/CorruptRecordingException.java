package io.sightline.agent.recording;

/** The archive is truncated, not gzip/tar, or its {@code recording.json} is malformed or inconsistent. */
public final class CorruptRecordingException extends RecordingException {

  private static final long serialVersionUID = 1L;

  private final String entry;

  CorruptRecordingException(String entry, String problem) {
    super(entry + ": " + problem);
    this.entry = entry;
  }

  CorruptRecordingException(String entry, String problem, Throwable cause) {
    super(entry + ": " + problem, cause);
    this.entry = entry;
  }

  /** The archive entry (or {@code recording.json} event) at fault. */
  public String entry() {
    return entry;
  }
}
