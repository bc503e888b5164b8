package io.sightline.server.data;

import static io.sightline.server.data.DataObjectApiTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** /api/v1/images and SmartEM's image routes through a real server, with real MRC files. */
class ImageApiTest {
    @TempDir
    Path tmp;

    private TestServer server;
    private Path root;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(TestDatabase db, long cacheBytes) throws IOException {
        root = StorageFixture.root(tmp);
        server = StorageFixture.server(db, root, s -> s.withRenderCacheBytes(cacheBytes));
    }

    private void mrc(String name, int width, int height, int sections) throws IOException {
        StorageFixture.mrc(root, name, width, height, sections);
    }

    private String register(String uid, String path, String kind, String entity) {
        TestServer.Response r = server.post(
                DataObjectRoutes.PATH,
                entity == null
                        ? map("uid", uid, "path", path, "kind", kind, "session", "s1")
                        : map("uid", uid, "path", path, "kind", kind, "session", "s1", "entity_uuid", entity));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return uid;
    }

    private HttpResponse<byte[]> image(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(server.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> image(String path, String ifNoneMatch) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.uri(path))
                                .header("If-None-Match", ifNoneMatch)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String etag(HttpResponse<byte[]> response) {
        return response.headers().firstValue("ETag").orElseThrow();
    }

    /** A 64² float32 MRC whose values grow along x, or along y: two files of one size that render apart. */
    private static void gradient(Path file, boolean alongY) throws IOException {
        io.sightline.core.image.mrc.MrcWriter.write(
                file,
                new io.sightline.core.image.mrc.MrcWriter.Spec(
                        64,
                        64,
                        1,
                        io.sightline.core.image.PixelType.FLOAT32,
                        io.sightline.core.image.Layout.IMAGE,
                        1.0,
                        ByteOrder.LITTLE_ENDIAN),
                z -> {
                    float[] v = new float[64 * 64];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = alongY ? i / 64 : i % 64;
                    }
                    return v;
                });
    }

    /** The grey level at (x, y) of a PNG answer. */
    private static int grey(HttpResponse<byte[]> response, int x, int y) throws IOException {
        return decode(response).getRaster().getSample(x, y, 0);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aClientRevalidatesWithItsETagAndAChangedFileIsNeverAnsweredWithAnOldRendering(TestDatabase db)
            throws Exception {
        start(db, 64L << 20);
        Path file = root.resolve("img.mrc");
        gradient(file, false);
        register("img", "img.mrc", "micrograph", null);

        HttpResponse<byte[]> first = image("/api/v1/images/img?size=32");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("private, no-cache");
        String tag = etag(first);
        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(grey(first, 31, 0)).as("bright at the right").isGreaterThan(grey(first, 0, 31));

        HttpResponse<byte[]> revalidated = image("/api/v1/images/img?size=32", tag);
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(etag(revalidated)).isEqualTo(tag);
        assertThat(image("/api/v1/images/img?size=32", "\"other\", W/" + tag).statusCode())
                .as("a list, and the weak form")
                .isEqualTo(304);
        HttpResponse<byte[]> otherSize = image("/api/v1/images/img?size=16", tag);
        assertThat(otherSize.statusCode())
                .as("other parameters, another rendering")
                .isEqualTo(200);
        assertThat(etag(otherSize)).isNotEqualTo(tag);

        // rewritten in place: same size, later mtime
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        gradient(file, true);
        Files.setLastModifiedTime(
                file, java.nio.file.attribute.FileTime.from(written.toInstant().plusSeconds(2)));
        HttpResponse<byte[]> rewritten = image("/api/v1/images/img?size=32", tag);
        assertThat(rewritten.statusCode()).isEqualTo(200);
        assertThat(etag(rewritten)).isNotEqualTo(tag);
        assertThat(grey(rewritten, 0, 31)).as("bright at the bottom now").isGreaterThan(grey(rewritten, 31, 0));

        // replaced by another file of the same size whose mtime was kept (cp -p, rsync -t)
        java.nio.file.attribute.FileTime kept = Files.getLastModifiedTime(file);
        Path other = root.resolve("other.tmp");
        gradient(other, false);
        Files.setLastModifiedTime(other, kept);
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(kept);
        HttpResponse<byte[]> replaced = image("/api/v1/images/img?size=32", etag(rewritten));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(grey(replaced, 31, 0)).as("bright at the right again").isGreaterThan(grey(replaced, 0, 31));

        Files.delete(file);
        HttpResponse<byte[]> gone = image("/api/v1/images/img?size=32", etag(replaced));
        assertThat(gone.statusCode())
                .as("a cached rendering does not hide a missing file")
                .isEqualTo(404);
        assertThat(server.get(DataObjectRoutes.PATH + "/img").body()).contains("\"missing\"");
    }

    @Test
    void aFullRenderQueueIsA503WithRetryAfterAndTheNextRequestIsServed() throws Exception {
        root = StorageFixture.root(tmp);
        server = StorageFixture.server(TestDatabase.h2(), root, s -> s.withRender(1, 1));
        mrc("img.mrc", 64, 64, 1);
        register("img", "img.mrc", "micrograph", null);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        var pool = server.running().images().pool();
        try {
            pool.submit(() -> {
                running.countDown();
                release.await();
                return null;
            });
            running.await();
            pool.submit(() -> null); // waits in the queue of one: the queue is full

            HttpResponse<byte[]> refused = image("/api/v1/images/img?size=32");

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(new String(refused.body())).contains("too many images are being rendered");
        } finally {
            release.countDown();
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> pool.getQueue().isEmpty() && pool.getActiveCount() == 0);
        assertThat(image("/api/v1/images/img?size=32").statusCode()).isEqualTo(200);
    }

    private static BufferedImage decode(HttpResponse<byte[]> response) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void rendersSlicesProjectionsAndFormatsAndAnswersAgainFromTheCache(TestDatabase db) throws Exception {
        start(db, 64L << 20);
        mrc("vol.mrc", 200, 100, 3);
        register("vol", "vol.mrc", "volume", null);

        HttpResponse<byte[]> thumb = image("/api/v1/images/vol?size=50");
        assertThat(thumb.statusCode()).isEqualTo(200);
        assertThat(thumb.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage png = decode(thumb);
        assertThat(png.getWidth()).isEqualTo(50);
        assertThat(png.getHeight()).isEqualTo(25);
        assertThat(server.running().images().cache().misses()).isEqualTo(1);

        HttpResponse<byte[]> again = image("/api/v1/images/vol?size=50");
        assertThat(again.body()).isEqualTo(thumb.body());
        assertThat(server.running().images().hot().size()).as("kept in memory").isEqualTo(1);
        assertThat(server.running().images().cache().hits()
                        + server.running().images().cache().misses())
                .as("answered from memory: the disk cache is not asked again")
                .isEqualTo(1);

        HttpResponse<byte[]> jpeg = image("/api/v1/images/vol?size=64&slice=2&format=jpeg&min=0&max=100");
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(decode(jpeg).getWidth()).isEqualTo(64);
        assertThat(image("/api/v1/images/vol?projection=max").statusCode()).isEqualTo(200);
        assertThat(image("/api/v1/images/vol?projection=mean&size=16").statusCode())
                .isEqualTo(200);

        assertThat(image("/api/v1/images/vol?slice=3").statusCode()).isEqualTo(404);
        for (String bad : List.of(
                "size=2",
                "size=x",
                "projection=sum",
                "format=gif",
                "min=5",
                "min=5&max=1",
                "contrast=weird",
                "slice=0&projection=max")) {
            HttpResponse<byte[]> r = image("/api/v1/images/vol?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(422);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(image("/api/v1/images/nobody").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aFileThatLiesAboutItsSizeIsA422NamingIt(TestDatabase db) throws Exception {
        start(db, 64L << 20);
        mrc("short.mrc", 64, 64, 4);
        register("short", "short.mrc", "volume", null);
        try (FileChannel ch = FileChannel.open(root.resolve("short.mrc"), StandardOpenOption.WRITE)) {
            ch.truncate(1024 + 64 * 64 * 4); // one section of four left
        }
        HttpResponse<byte[]> cut = image("/api/v1/images/short?slice=3");
        assertThat(cut.statusCode()).isEqualTo(422);
        assertThat(new String(cut.body())).contains("short.mrc");

        try (FileChannel ch = FileChannel.open(root.resolve("short.mrc"), StandardOpenOption.WRITE)) {
            ch.write(
                    ByteBuffer.allocate(8)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(-5)
                            .putInt(1_000_000)
                            .flip(),
                    0);
        }
        HttpResponse<byte[]> absurd = image("/api/v1/images/short");
        assertThat(absurd.statusCode()).isEqualTo(422);
        assertThat(new String(absurd.body())).contains("short.mrc").contains("nx");

        Files.writeString(root.resolve("text.txt"), "hello");
        register("text", "text.txt", "note", null);
        HttpResponse<byte[]> notImage = image("/api/v1/images/text");
        assertThat(notImage.statusCode()).isEqualTo(422);
        assertThat(new String(notImage.body())).contains("text.txt");
    }

    @Test
    void smartEmImageRoutesAnswerWithTheNewestImageOfTheirEntity() throws Exception {
        start(TestDatabase.h2(), 64L << 20);
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        mrc("atlas.mrc", 40, 40, 1);
        mrc("square.mrc", 30, 20, 1);
        register("atlas", "atlas.mrc", ImageRoutes.ATLAS_KIND, grid);
        register("sq", "square.mrc", ImageRoutes.GRIDSQUARE_KIND, square);

        HttpResponse<byte[]> atlas = image("/grids/" + grid + "/atlas_image");
        assertThat(atlas.statusCode()).isEqualTo(200);
        assertThat(decode(atlas).getWidth()).isEqualTo(40);
        HttpResponse<byte[]> sq = image("/gridsquares/" + square + "/gridsquare_image?size=16");
        assertThat(decode(sq).getWidth()).isEqualTo(16);
        assertThat(image("/grids/" + UUID.randomUUID() + "/atlas_image").statusCode())
                .isEqualTo(404);
        assertThat(image("/gridsquares/" + grid + "/gridsquare_image").statusCode())
                .isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aGridsAtlasImageIsFoundThroughItsSquaresImagesWhenNoAtlasNamesTheGrid(TestDatabase db) throws Exception {
        start(db, 64L << 20);
        String acquisition = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        assertThat(server.post("/acquisitions", map("uuid", acquisition, "name", "a"))
                        .status())
                .isEqualTo(201);
        assertThat(server.post(
                                "/acquisitions/" + acquisition + "/grids",
                                map("uuid", grid, "name", "g", "acquisition_uuid", acquisition))
                        .status())
                .isEqualTo(201);
        assertThat(server.post(
                                "/grids/" + grid + "/gridsquares",
                                map("uuid", square, "gridsquare_id", "7", "grid_uuid", grid))
                        .status())
                .isEqualTo(201);
        mrc("atlas.mrc", 40, 40, 1);
        mrc("other-atlas.mrc", 24, 24, 1);
        mrc("square.mrc", 30, 20, 1);
        register("atlas", "atlas.mrc", ImageRoutes.ATLAS_KIND, null); // registered before a session linked it
        register("other", "other-atlas.mrc", ImageRoutes.ATLAS_KIND, null); // another grid's, newer
        assertThat(image("/grids/" + grid + "/atlas_image").statusCode()).isEqualTo(404);
        TestServer.Response sq = server.post(
                DataObjectRoutes.PATH,
                map(
                        "uid",
                        "sq",
                        "path",
                        "square.mrc",
                        "kind",
                        ImageRoutes.GRIDSQUARE_KIND,
                        "session",
                        "s1",
                        "entity_uuid",
                        square,
                        "parents",
                        List.of("atlas")));
        assertThat(sq.status()).as(sq.body()).isEqualTo(201);

        HttpResponse<byte[]> atlas = image("/grids/" + grid + "/atlas_image");
        assertThat(atlas.statusCode()).isEqualTo(200);
        assertThat(decode(atlas).getWidth())
                .as("the square image's parent, not the newer atlas")
                .isEqualTo(40);
        // an atlas naming the grid comes first
        mrc("named.mrc", 32, 32, 1);
        register("named", "named.mrc", ImageRoutes.ATLAS_KIND, grid);
        assertThat(decode(image("/grids/" + grid + "/atlas_image")).getWidth()).isEqualTo(32);
    }

    @Test
    void theCacheKeepsItsBoundByEvictingTheLeastRecentlyUsed() throws Exception {
        start(TestDatabase.h2(), 64L << 20);
        RenderCache cache = new RenderCache(tmp.resolve("cache"), 250);
        cache.put("a", new byte[100]);
        cache.put("b", new byte[100]);
        assertThat(cache.get("a")).isPresent(); // a is now the most recent
        cache.put("c", new byte[100]);
        assertThat(cache.contains("b")).as("least recently used").isFalse();
        assertThat(cache.contains("a")).isTrue();
        assertThat(cache.contains("c")).isTrue();
        assertThat(cache.totalBytes()).isEqualTo(200);
        assertThat(cache.evictions()).isEqualTo(1);
        try (var files = Files.list(tmp.resolve("cache"))) {
            assertThat(files.count()).as("evicted files are deleted").isEqualTo(2);
        }
        cache.put("huge", new byte[300]);
        assertThat(cache.contains("huge")).as("larger than the bound").isFalse();

        RenderCache reopened = new RenderCache(tmp.resolve("cache"), 150);
        assertThat(reopened.size()).as("a restart keeps what fits").isEqualTo(1);
        assertThat(reopened.totalBytes()).isEqualTo(100);
    }

    @Test
    void theServersRenderCacheStaysWithinItsBound() throws Exception {
        start(TestDatabase.h2(), 800);
        mrc("img.mrc", 64, 64, 1);
        register("img", "img.mrc", "micrograph", null);
        for (int size = 16; size <= 64; size += 4) {
            assertThat(image("/api/v1/images/img?size=" + size).statusCode()).isEqualTo(200);
        }
        RenderCache cache = server.running().images().cache();
        assertThat(cache.totalBytes()).isLessThanOrEqualTo(800);
        assertThat(cache.evictions()).isPositive();
    }
}
