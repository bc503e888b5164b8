package io.sightline.server.data;

import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.mrc.MrcWriter;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** A storage root under a test's temporary directory, a server serving it, and MRC files written into it. */
public final class StorageFixture {
    private StorageFixture() {}

    /** The root, created as {@code tmp/storage}. */
    public static Path root(Path tmp) throws IOException {
        return Files.createDirectories(tmp.resolve("storage"));
    }

    /** A server on {@code db} with {@code root} as its one storage root and {@code more} storage settings. */
    public static TestServer server(TestDatabase db, Path root, UnaryOperator<StorageSettings> more) {
        return TestServer.start(db, c -> c.withStorage(more.apply(c.storage().withRoots(List.of(root)))), b -> b);
    }

    /** A float32 MRC volume whose values grow along x and with z, so every slice and projection differs. */
    public static Path mrc(Path root, String name, int width, int height, int sections) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        MrcWriter.write(
                file,
                new MrcWriter.Spec(
                        width, height, sections, PixelType.FLOAT32, Layout.VOLUME, 1.0, ByteOrder.LITTLE_ENDIAN),
                z -> {
                    float[] v = new float[width * height];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (i % width) * (z + 1);
                    }
                    return v;
                });
        return file;
    }
}
