package io.sightline.agent.watch;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Records everything a watcher hands on, for tests to wait on and inspect. */
final class RecordingListener implements FileListener {

    final List<SettledFile> settled = new CopyOnWriteArrayList<>();
    final List<Path> deleted = new CopyOnWriteArrayList<>();
    final List<WatchStatus> statuses = new CopyOnWriteArrayList<>();
    /** Runs on the watcher's thread after each settled file is recorded: to block or throw there. */
    volatile Consumer<SettledFile> afterSettled = file -> {};

    @Override
    public void settled(SettledFile file) {
        settled.add(file);
        afterSettled.accept(file);
    }

    @Override
    public void deleted(Path path) {
        deleted.add(path);
    }

    @Override
    public void status(WatchStatus status) {
        statuses.add(status);
    }

    List<SettledFile> settledFor(Path path) {
        return settled.stream().filter(f -> f.path().equals(path)).toList();
    }

    Set<Path> settledPaths() {
        return settled.stream().map(SettledFile::path).collect(Collectors.toSet());
    }

    boolean sawState(WatchStatus.State state) {
        return statuses.stream().anyMatch(s -> s.state() == state);
    }
}
