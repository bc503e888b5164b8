package io.sightline.simulate.recording;

import java.io.IOException;
import java.util.List;

/**
 * Where the recorder learns about changes after its initial snapshot. {@link PollingChangeSource} is the
 * simple built-in one; the agent's watcher can supply another.
 */
public interface ChangeSource extends AutoCloseable {

    /**
     * The changes since the previous call, in an order that can be applied one after another (parents
     * created before children, children deleted before parents). Empty when nothing changed.
     */
    List<PathChange> poll() throws IOException;

    @Override
    default void close() throws IOException {}
}
