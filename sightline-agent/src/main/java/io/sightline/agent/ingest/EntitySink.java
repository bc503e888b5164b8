package io.sightline.agent.ingest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where reconciled changes go: committed durably (the outbox) before the call returns. */
public interface EntitySink {
    /**
     * Stores the changes of one or more files, in order (parents first), and the content hashes of the
     * files they came from, all or nothing: a file counts as applied exactly when its changes are stored.
     */
    void append(List<EntityChange> changes, Map<Path, String> appliedFiles);
}
