package io.sightline.server.data;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.formats.ImageFormats;
import io.sightline.core.image.render.Renderer;
import io.sightline.server.http.ApiException;
import io.sightline.server.persistence.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images of data objects: from memory ({@link HotRenders}) or the {@link RenderCache} on disk when the same
 * file (uid, file identity, size, mtime) was rendered with the same parameters before, else rendered in a
 * bounded pool of platform threads (the request's virtual thread waits), then cached in both. A full queue
 * is a 503, so a burst of requests cannot pile up renders, each holding a plane, without bound. A file that
 * cannot be rendered is a 422 naming it as its producer named it.
 *
 * <p>Each rendering has a strong entity tag, a digest of its cache key: a client that sends it back in
 * {@code If-None-Match} while the file is unchanged is told so (304) without the bytes being fetched. The
 * file is checked (inside a root, a regular file, its stat) on every request, cached or not, so a changed
 * file is never answered with an old rendering and a deleted one is reported missing.
 */
public final class ImageRenders implements AutoCloseable {
    private final DataObjects objects;
    private final ImageFormats formats;
    /**
     * Part of every cache key: a change to how renders look (the renderer, the encoder) gets a new version,
     * so renders cached on disk by an older server are not served, nor old entity tags confirmed.
     */
    static final String RENDERING_VERSION = "r2";
    /** What a 503 for a full queue tells the client to wait: renders take tens of milliseconds each. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final RenderCache cache;
    private final HotRenders hot;
    private final ThreadPoolExecutor pool;
    private final Renderer renderer = new Renderer();
    private final Counter hits;
    private final Counter misses;
    private final Counter notModified;
    private final Counter rejected;
    private final Timer renderTime;

    public ImageRenders(
            DataObjects objects,
            ImageFormats formats,
            RenderCache cache,
            StorageSettings settings,
            MeterRegistry registry) {
        this.objects = objects;
        this.formats = formats;
        this.cache = cache;
        this.hot = new HotRenders(settings.renderMemoryBytes());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(
                settings.renderThreads(),
                settings.renderThreads(),
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.renderQueue()),
                r -> {
                    Thread t = new Thread(r, "image-render-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.hits = Counter.builder("sightline.images")
                .tag("cache", "hit")
                .description("Images answered")
                .register(registry);
        this.misses = Counter.builder("sightline.images")
                .tag("cache", "miss")
                .description("Images answered")
                .register(registry);
        this.notModified = Counter.builder("sightline.images")
                .tag("cache", "not_modified")
                .description("Images answered")
                .register(registry);
        this.rejected = Counter.builder("sightline.images.rejected")
                .description("Image requests refused with 503 because the render queue was full")
                .register(registry);
        this.renderTime = Timer.builder("sightline.images.render")
                .description("Time to read and render an image not in the cache")
                .register(registry);
        registry.gauge("sightline.images.cache.bytes", cache, RenderCache::totalBytes);
        registry.gauge("sightline.images.memory.bytes", hot, HotRenders::totalBytes);
        registry.gauge("sightline.images.render.queue", pool, p -> p.getQueue().size());
    }

    public RenderCache cache() {
        return cache;
    }

    HotRenders hot() {
        return hot;
    }

    /** The render pool, for tests that need it busy. */
    ThreadPoolExecutor pool() {
        return pool;
    }

    /** What an image request gets: a rendering, or word that the client's copy is still the current one. */
    public sealed interface Answer {
        /** The rendering's strong entity tag (quoted, as it goes in the {@code ETag} header). */
        String etag();

        record Image(byte[] bytes, String mediaType, String etag) implements Answer {}

        record NotModified(String etag) implements Answer {}
    }

    /**
     * The rendering of {@code registered} that {@code params} ask for, or {@link Answer.NotModified} when
     * {@code ifNoneMatch} (the request's header, or null) names its entity tag.
     */
    public Answer image(DataObject registered, ImageParams params, String ifNoneMatch) {
        DataObject object = objects.present(registered);
        BasicFileAttributes stat;
        try {
            stat = Files.readAttributes(object.serverPath(), BasicFileAttributes.class);
        } catch (IOException e) {
            throw ApiException.notFound("the file of data object " + object.uid() + " ('" + object.path()
                    + "') cannot be read: " + e.getMessage());
        }
        // the file's identity (inode) as well as its size and mtime: a file replaced by another of the same
        // size whose mtime was kept (cp -p, rsync -t) is another file
        String key = RENDERING_VERSION + "|" + object.uid() + "|" + stat.fileKey() + "|" + stat.size() + "|"
                + stat.lastModifiedTime().toInstant() + "|" + params.key();
        String etag = '"' + RenderCache.digest(key).substring(0, 32) + '"';
        if (EntityTags.matches(ifNoneMatch, etag)) {
            notModified.increment();
            return new Answer.NotModified(etag);
        }
        String mediaType = params.request().format().mediaType();
        var fromMemory = hot.get(key);
        if (fromMemory.isPresent()) {
            hits.increment();
            return new Answer.Image(fromMemory.get(), mediaType, etag);
        }
        var fromDisk = cache.get(key);
        if (fromDisk.isPresent()) {
            hits.increment();
            hot.put(key, fromDisk.get());
            return new Answer.Image(fromDisk.get(), mediaType, etag);
        }
        Future<byte[]> rendering;
        try {
            rendering = pool.submit(() -> renderTime.recordCallable(() -> render(object, params)));
        } catch (RejectedExecutionException e) {
            rejected.increment();
            throw ApiException.unavailable(
                    "too many images are being rendered; try again in " + RETRY_AFTER_SECONDS + " s (Retry-After)");
        }
        byte[] bytes;
        try {
            bytes = rendering.get();
        } catch (InterruptedException e) {
            rendering.cancel(true);
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("the request was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("rendering " + object.uid() + " failed", e.getCause());
        }
        misses.increment();
        cache.put(key, bytes);
        hot.put(key, bytes);
        return new Answer.Image(bytes, mediaType, etag);
    }

    private byte[] render(DataObject object, ImageParams params) {
        try (ImageReader reader = formats.open(object.serverPath())) {
            return renderer.render(reader, params.request()).bytes();
        } catch (ImageReadException e) {
            String detail = "data object " + object.uid() + " cannot be rendered: "
                    + DataObjectBodies.headerProblem(object.path(), e);
            if (e instanceof ImageReadException.NoSuchPlane) {
                throw new DataException.NotFound(detail);
            }
            throw ApiException.unprocessable(detail);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
