package io.sightline.server.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rendered images on disk, one file per key (its SHA-256), at most {@code maxBytes} in all: when a new
 * render would pass the bound, the least recently used ones are deleted first. The recency order lives in
 * memory; at start it is rebuilt from the files' modification times, oldest first, so a restart keeps the
 * cache and roughly its order. A render larger than the whole bound is not kept.
 */
public final class RenderCache {
    private static final Logger log = LoggerFactory.getLogger(RenderCache.class);
    private static final String SUFFIX = ".render";

    private final Path directory;
    private final long maxBytes;
    /** File name to size, least recently used first. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);

    private long totalBytes;
    private long hits;
    private long misses;
    private long evictions;

    public RenderCache(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        try {
            Files.createDirectories(directory);
            List<Path> files;
            try (Stream<Path> list = Files.list(directory)) {
                files = new ArrayList<>(
                        list.filter(p -> p.getFileName().toString().endsWith(SUFFIX))
                                .toList());
            }
            files.sort(Comparator.comparing(RenderCache::modified));
            for (Path file : files) {
                long size = Files.size(file);
                entries.put(file.getFileName().toString(), size);
                totalBytes += size;
            }
            synchronized (this) {
                evict(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("render cache " + directory + " cannot be used", e);
        }
    }

    /** The cached bytes for {@code key}, counting a hit or a miss. */
    public Optional<byte[]> get(String key) {
        String name = name(key);
        synchronized (this) {
            if (entries.get(name) == null) {
                misses++;
                return Optional.empty();
            }
            hits++;
        }
        try {
            return Optional.of(Files.readAllBytes(directory.resolve(name)));
        } catch (NoSuchFileException e) {
            // evicted by another request between the look-up and the read
            return Optional.empty();
        } catch (IOException e) {
            log.warn("render cache entry {} cannot be read: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps {@code bytes} under {@code key}, evicting the least recently used renders to stay in bound. */
    public void put(String key, byte[] bytes) {
        if (bytes.length > maxBytes) {
            return;
        }
        String name = name(key);
        Path target = directory.resolve(name);
        try {
            Path temp = Files.createTempFile(directory, "partial-", ".tmp");
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("render not cached in {}: {}", directory, e.getMessage());
            return;
        }
        synchronized (this) {
            Long before = entries.put(name, (long) bytes.length);
            totalBytes += bytes.length - (before == null ? 0 : before);
            evict(0);
        }
    }

    /** Deletes least recently used entries until the total is at most the bound minus {@code room}. */
    private void evict(long room) {
        Iterator<Map.Entry<String, Long>> oldest = entries.entrySet().iterator();
        while (totalBytes > maxBytes - room && oldest.hasNext()) {
            Map.Entry<String, Long> entry = oldest.next();
            try {
                Files.deleteIfExists(directory.resolve(entry.getKey()));
            } catch (IOException e) {
                log.warn("render cache entry {} cannot be deleted: {}", entry.getKey(), e.getMessage());
            }
            totalBytes -= entry.getValue();
            oldest.remove();
            evictions++;
        }
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized long evictions() {
        return evictions;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Whether {@code key} is cached now (without touching its recency). */
    public synchronized boolean contains(String key) {
        return entries.containsKey(name(key)) && Files.exists(directory.resolve(name(key)));
    }

    private static String name(String key) {
        return digest(key) + SUFFIX;
    }

    /** The SHA-256 of {@code key} in hex: the name of its file here, and the source of its entity tag. */
    static String digest(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
