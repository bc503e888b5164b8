package io.sightline.agent.watch;

import java.nio.file.Path;
import java.util.List;

/**
 * Receives what a {@link DirectoryWatcher} finds. All calls come from the watcher's own thread, one at a
 * time, so an implementation needs no locking of its own but should return quickly (hand heavy work
 * to a queue): while it runs, the watcher is not watching. An exception thrown here is logged with the
 * file it concerns and the watcher carries on.
 */
public interface FileListener {

    /**
     * A file settled: it is new, or its size or modification time changed since it was last handed on.
     * Files that settle together arrive in path order.
     */
    void settled(SettledFile file);

    /**
     * Files that settled together (the whole tree at start, a rescan's finds), in path order, in one call:
     * a listener that orders its work (parents before children) can only do so over files it has all
     * been given. By default each goes to {@link #settled(SettledFile)}; one that throws does not keep the
     * others from being handed on, and the first exception (the others suppressed in it) is rethrown.
     */
    default void settledTogether(List<SettledFile> files) {
        RuntimeException failure = null;
        for (SettledFile file : files) {
            try {
                settled(file);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A file that had been handed on as settled is gone (deleted, or renamed away). */
    void deleted(Path path);

    /** The watcher's state changed or a rescan finished. */
    default void status(WatchStatus status) {}

    /**
     * One listener that hands everything to {@code first}, then to {@code second} (the entities' pipeline and
     * the image registrar watch one tree); what one throws does not keep the other from hearing of it.
     */
    static FileListener both(FileListener first, FileListener second) {
        return new FileListener() {
            @Override
            public void settled(SettledFile file) {
                settledTogether(List.of(file));
            }

            @Override
            public void settledTogether(List<SettledFile> files) {
                each(l -> l.settledTogether(files));
            }

            @Override
            public void deleted(Path path) {
                each(l -> l.deleted(path));
            }

            @Override
            public void status(WatchStatus status) {
                each(l -> l.status(status));
            }

            private void each(java.util.function.Consumer<FileListener> call) {
                try {
                    call.accept(first);
                } finally {
                    call.accept(second);
                }
            }
        };
    }
}
