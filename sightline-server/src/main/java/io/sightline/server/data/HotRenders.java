package io.sightline.server.data;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The most recently used renders in memory, in front of the {@link RenderCache} on disk, under the same keys
 * (uid, file identity, size, mtime, parameters), at most {@code maxBytes} in all, least recently used out
 * first. A dashboard asks for the same few thumbnails again and again; answering those from memory spares a
 * file open and read per request. A render larger than the whole bound is not kept.
 */
final class HotRenders {
    private final long maxBytes;
    /** Key to render, least recently used first. */
    private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);

    private long totalBytes;
    private long evictions;

    HotRenders(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the bound must be at least 0 bytes, is " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    synchronized Optional<byte[]> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized void put(String key, byte[] bytes) {
        if (bytes.length > maxBytes) {
            return;
        }
        byte[] before = entries.put(key, bytes);
        totalBytes += bytes.length - (before == null ? 0 : before.length);
        Iterator<Map.Entry<String, byte[]>> oldest = entries.entrySet().iterator();
        while (totalBytes > maxBytes) {
            totalBytes -= oldest.next().getValue().length;
            oldest.remove();
            evictions++;
        }
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long evictions() {
        return evictions;
    }

    long maxBytes() {
        return maxBytes;
    }
}
