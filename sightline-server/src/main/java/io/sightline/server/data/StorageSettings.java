package io.sightline.server.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where data objects may live and how images of them are rendered.
 *
 * @param roots            directories files may be served from (none by default: nothing can be registered)
 * @param pathMaps         client path prefixes rewritten to server paths, first match wins
 * @param renderThreads    renders at once; more requests wait in a queue of {@code renderQueue}
 * @param renderQueue      renders waiting before further requests get 503
 * @param renderCacheBytes the on-disk render cache's bound (least recently used renders go first)
 *     <p>The most recently used renders are also kept in memory, up to {@link #renderMemoryBytes()}.
 */
public record StorageSettings(
        List<Path> roots, List<PathMap> pathMaps, int renderThreads, int renderQueue, long renderCacheBytes) {

    public static final StorageSettings DEFAULT = new StorageSettings(
            List.of(), List.of(), Math.max(2, Runtime.getRuntime().availableProcessors()), 256, 256L << 20);

    public StorageSettings {
        roots = List.copyOf(Objects.requireNonNull(roots, "roots"));
        pathMaps = List.copyOf(Objects.requireNonNull(pathMaps, "pathMaps"));
        if (renderThreads < 1 || renderQueue < 1 || renderCacheBytes < 0) {
            throw new IllegalArgumentException(
                    "render threads and queue must be positive and the cache size at least 0");
        }
    }

    /**
     * The bound of the renders kept in memory in front of the disk cache: {@value #RENDER_MEMORY_BYTES} bytes
     * (a hundred noisy 512 px thumbnails, thousands of typical ones), or the disk cache's bound when that is
     * smaller, so a server told to cache little holds little.
     */
    public long renderMemoryBytes() {
        return Math.min(RENDER_MEMORY_BYTES, renderCacheBytes);
    }

    static final long RENDER_MEMORY_BYTES = 32L << 20;

    public StorageSettings withRoots(List<Path> value) {
        return new StorageSettings(value, pathMaps, renderThreads, renderQueue, renderCacheBytes);
    }

    public StorageSettings withPathMaps(List<PathMap> value) {
        return new StorageSettings(roots, value, renderThreads, renderQueue, renderCacheBytes);
    }

    public StorageSettings withRenderCacheBytes(long value) {
        return new StorageSettings(roots, pathMaps, renderThreads, renderQueue, value);
    }

    public StorageSettings withRender(int threads, int queue) {
        return new StorageSettings(roots, pathMaps, threads, queue, renderCacheBytes);
    }
}
