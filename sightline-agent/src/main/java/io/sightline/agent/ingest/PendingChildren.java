package io.sightline.agent.ingest;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Files whose entities wait for a parent that is not known yet; durable, so a restart loses none. */
public interface PendingChildren {
    /** Keeps {@code file} until {@code parent} is known (a file waits for one parent at a time). */
    void park(ParentRef parent, Path file);

    /** Takes (and forgets) the files waiting for {@code parent}. */
    List<Path> release(ParentRef parent);

    /** Takes (and forgets) every file waiting for a parent of {@code type}. */
    List<Path> releaseAll(String type);

    /** Forgets {@code file} wherever it waits (it was applied). */
    void forget(Path file);

    /** Every file waiting and the parent it waits for (read once, at start). */
    Map<Path, ParentRef> waitingFiles();

    int count();

    Optional<Instant> oldest();
}
