package io.sightline.simulate.recording;

/**
 * Hears about a replay's progress. Calls come on the replaying thread, in event order: {@link #started}
 * once, then per event {@link #eventDone} (after the event is applied and verified), with
 * {@link #warning} whenever something is skipped or questionable.
 */
public interface ReplayListener {

    ReplayListener NONE = new ReplayListener() {};

    default void started(RecordingMetadata metadata, int totalEvents) {}

    default void eventDone(int done, int total, RecordedEvent event) {}

    default void warning(int eventIndex, String message) {}
}
