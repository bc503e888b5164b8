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
 * Images of data objects: from the {@link RenderCache} when the same file (uid, size, mtime) was rendered
 * with the same parameters before, else rendered in a bounded pool of platform threads (the request's
 * virtual thread waits), then cached. A full queue is a 503, so a burst of requests cannot pile up
 * renders, each holding a plane, without bound. A file that cannot be rendered is a 422 naming it as its
 * producer named it.
 */
public final class ImageRenders implements AutoCloseable {
    private final DataObjects objects;
    private final ImageFormats formats;
    private final RenderCache cache;
    private final ThreadPoolExecutor pool;
    private final Renderer renderer = new Renderer();
    private final Counter hits;
    private final Counter misses;
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
        this.rejected = Counter.builder("sightline.images.rejected")
                .description("Image requests refused with 503 because the render queue was full")
                .register(registry);
        this.renderTime = Timer.builder("sightline.images.render")
                .description("Time to read and render an image not in the cache")
                .register(registry);
        registry.gauge("sightline.images.cache.bytes", cache, RenderCache::totalBytes);
        registry.gauge("sightline.images.render.queue", pool, p -> p.getQueue().size());
    }

    public RenderCache cache() {
        return cache;
    }

    /** A rendering's bytes and media type. */
    public record Image(byte[] bytes, String mediaType) {}

    public Image image(DataObject registered, ImageParams params) {
        DataObject object = objects.present(registered);
        BasicFileAttributes stat;
        try {
            stat = Files.readAttributes(object.serverPath(), BasicFileAttributes.class);
        } catch (IOException e) {
            throw ApiException.notFound("the file of data object " + object.uid() + " ('" + object.path()
                    + "') cannot be read: " + e.getMessage());
        }
        String key =
                object.uid() + "|" + stat.size() + "|" + stat.lastModifiedTime().toMillis() + "|" + params.key();
        String mediaType = params.request().format().mediaType();
        var cached = cache.get(key);
        if (cached.isPresent()) {
            hits.increment();
            return new Image(cached.get(), mediaType);
        }
        Future<byte[]> rendering;
        try {
            rendering = pool.submit(() -> renderTime.recordCallable(() -> render(object, params)));
        } catch (RejectedExecutionException e) {
            rejected.increment();
            throw ApiException.unavailable("too many images are being rendered; try again shortly");
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
        return new Image(bytes, mediaType);
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
