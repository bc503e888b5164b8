package io.sightline.fastmon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory for {@code *.stf} files and hands each one over once it has settled (size and
 * modification time unchanged for {@code settle}). Files handed over are remembered in
 * {@code seen-stf.txt} in the state directory, so a restart does not register them again (swf's
 * continuous mode re-saw every file each cycle). Polling, not a WatchService: it works the same on
 * network file systems, where DAQ output usually lands.
 */
final class DirectoryWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);
    private static final long POLL_MILLIS = 200;

    private record Seen(long size, long modified, long since) {}

    private final Path dir;
    private final Path seenFile;
    private final long settleMillis;
    private final Predicate<Path> handler;
    private final Set<String> done = new HashSet<>();
    private final Map<Path, Seen> watching = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    DirectoryWatcher(Path dir, Path stateDir, Duration settle, Predicate<Path> handler) throws IOException {
        this.dir = dir;
        this.seenFile = stateDir.resolve("seen-stf.txt");
        this.settleMillis = settle.toMillis();
        this.handler = handler;
        if (Files.exists(seenFile)) {
            done.addAll(Files.readAllLines(seenFile));
        }
        this.thread = Thread.ofPlatform().name("fastmon-watch").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                poll(System.currentTimeMillis());
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                log.warn("cannot list {}: {}", dir, e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    void poll(long now) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".stf"))
                    .sorted()
                    .toList()) {
                String key = f.getFileName().toString();
                if (done.contains(key)) {
                    continue;
                }
                long size;
                long modified;
                try {
                    size = Files.size(f);
                    modified = Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    continue; // gone meanwhile
                }
                Seen before = watching.get(f);
                if (before == null || before.size() != size || before.modified() != modified) {
                    watching.put(f, new Seen(size, modified, now));
                } else if (now - before.since() >= settleMillis && handler.test(f)) {
                    watching.remove(f);
                    done.add(key);
                    Files.writeString(seenFile, key + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
