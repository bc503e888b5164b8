package io.sightline.pipeline.exec;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells its listener as soon as a RELION exit marker appears in a watched job directory, so that the scheduler
 * decides about the next job when the marker is written rather than at its next poll. A directory is watched
 * until a marker appears in it (a retry in place watches it again); a marker already there when the directory
 * is watched counts too. The watch is only a wake-up: the scheduler still reads the markers and the backend
 * itself, and its poll still runs, so a marker this misses (a file system without change notification, such as
 * NFS) costs at most one poll interval.
 */
public final class MarkerWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarkerWatch.class);

    private final Runnable onMarker;
    private final WatchService service;
    private final Map<Path, WatchKey> watched = new ConcurrentHashMap<>();
    private final Thread thread;

    public MarkerWatch(Runnable onMarker) {
        this.onMarker = onMarker;
        WatchService s;
        try {
            s = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.info("no file change notification here ({}); job markers are seen at each poll", e.toString());
            s = null;
        }
        this.service = s;
        this.thread = s == null
                ? null
                : Thread.ofPlatform().daemon().name("marker-watch").start(this::loop);
    }

    /** Watches {@code jobDir} for a marker, if it is not watched already; a directory that is gone is ignored. */
    public void watch(Path jobDir) {
        if (service == null || watched.containsKey(jobDir)) {
            return;
        }
        try {
            WatchKey key = jobDir.register(service, StandardWatchEventKinds.ENTRY_CREATE);
            watched.put(jobDir, key);
            // A marker written before the directory was watched raised no event: look once, now that any later
            // one will.
            if (JobMarkers.read(jobDir).isPresent()) {
                key.cancel();
                watched.remove(jobDir, key);
                notifyListener();
            }
        } catch (IOException | ClosedWatchServiceException e) {
            // the poll still sees its markers
        }
    }

    private void notifyListener() {
        try {
            onMarker.run();
        } catch (RuntimeException e) {
            log.warn("the marker listener failed: {}", e.toString());
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean marker = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.context() instanceof Path name && name.toString().startsWith("RELION_JOB_EXIT_")) {
                        marker = true;
                    }
                }
                if (marker) {
                    key.cancel();
                    watched.values().remove(key);
                    notifyListener();
                } else if (!key.reset()) {
                    watched.values().remove(key);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the marker watch", e);
            }
            thread.interrupt();
        }
    }
}
