package io.sightline.agent.ingest;

import java.util.List;

/** Where reconciled changes go: committed durably (the outbox) before the call returns. */
public interface EntitySink {
    /** Stores the changes of one or more files, in order (parents first), all or nothing. */
    void append(List<EntityChange> changes);
}
