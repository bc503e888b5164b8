package io.sightline.fastmon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's durable local queue (as the EPU agent's outbox): one file per STF registration, written
 * to a temporary name, forced to disk and renamed, so a crash leaves either the whole job or none. Jobs
 * are taken oldest first and deleted only once delivered; a job the server refuses for good is moved to
 * {@code parked/} with the reason beside it, so it never blocks the jobs behind it.
 */
public final class JobQueue {
    private final Path pending;
    private final Path parked;
    private long next;

    /** One queued job: its file and its JSON. */
    public record Job(Path file, String json) {
        public String name() {
            return file.getFileName().toString();
        }
    }

    public JobQueue(Path stateDir) {
        this.pending = stateDir.resolve("pending");
        this.parked = stateDir.resolve("parked");
        try {
            Files.createDirectories(pending);
            Files.createDirectories(parked);
            try (Stream<Path> files = Files.list(pending)) {
                for (Path f : files.toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".tmp")) {
                        Files.deleteIfExists(f); // an append that did not finish: its message was not acknowledged
                    } else if (n.endsWith(".json")) {
                        next = Math.max(next, Long.parseLong(n.substring(0, n.indexOf('-'))) + 1);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the job queue in " + stateDir, e);
        }
    }

    /** Appends a job durably; when this returns, the job survives a crash. */
    public synchronized Job append(String key, String json) throws IOException {
        String safe = key.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 120) {
            safe = safe.substring(0, 120);
        }
        Path target = pending.resolve(String.format("%016d-%s.json", next++, safe));
        Path tmp = pending.resolve(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
        notifyAll();
        return new Job(target, json);
    }

    /** The oldest job, waiting up to {@code millis} for one. */
    public synchronized Optional<Job> oldest(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            Optional<Path> first = listPending().stream().findFirst();
            if (first.isPresent()) {
                try {
                    return Optional.of(new Job(first.get(), Files.readString(first.get())));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read queued job " + first.get(), e);
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
    }

    /** Removes a delivered job. */
    public synchronized void done(Job job) throws IOException {
        Files.deleteIfExists(job.file());
    }

    /** Moves a job the server refused for good aside, with the reason in a file beside it. */
    public synchronized void park(Job job, String reason) throws IOException {
        Files.writeString(parked.resolve(job.name() + ".reason"), reason);
        Files.move(job.file(), parked.resolve(job.name()), StandardCopyOption.REPLACE_EXISTING);
    }

    public synchronized int depth() {
        return listPending().size();
    }

    public synchronized int parkedCount() {
        try (Stream<Path> files = Files.list(parked)) {
            return (int) files.filter(f -> f.toString().endsWith(".json")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    private List<Path> listPending() {
        try (Stream<Path> files = Files.list(pending)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the job queue " + pending, e);
        }
    }
}
