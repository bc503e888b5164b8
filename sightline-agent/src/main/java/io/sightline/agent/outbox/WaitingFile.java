package io.sightline.agent.outbox;

import io.sightline.agent.ingest.ParentRef;
import java.nio.file.Path;
import java.time.Instant;

/** A file kept until its parent is known. */
public record WaitingFile(ParentRef parent, Path path, Instant since) {}
