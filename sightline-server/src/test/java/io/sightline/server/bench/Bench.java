package io.sightline.server.bench;

import io.sightline.server.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the server benchmarks share: an H2 file database (the embedded default) and ingest items. */
final class Bench {
    private Bench() {}

    static TestDatabase h2File() throws Exception {
        return h2File("");
    }

    /** An H2 file database with {@code settings} appended to its URL (e.g. {@code ;WRITE_DELAY=500}). */
    static TestDatabase h2File(String settings) throws Exception {
        Path dir = Files.createTempDirectory("sightline-bench");
        dir.toFile().deleteOnExit();
        return TestDatabase.h2File(dir, settings);
    }

    /**
     * The databases a benchmark can run on, by engine name: {@code postgresql}, {@code h2-file} (the
     * embedded default, each commit written before it returns) and {@code h2-file-write-delay} (H2's own
     * default of writing commits every 500 ms, which the server used before issue 11: what durability
     * costs).
     */
    private static final Map<String, java.util.concurrent.Callable<TestDatabase>> ENGINES = Map.of(
            "postgresql", TestDatabase::postgres,
            "h2-file", Bench::h2File,
            "h2-file-write-delay", () -> h2File(";WRITE_DELAY=500"));

    static TestDatabase database(String engine) throws Exception {
        java.util.concurrent.Callable<TestDatabase> open = ENGINES.get(engine);
        if (open == null) {
            throw new IllegalArgumentException("engine must be one of " + ENGINES.keySet() + ", got " + engine);
        }
        return open.call();
    }

    /** One {@code /api/v1/ingest} item: kind, uuid and field/value pairs. */
    static Map<String, Object> item(String kind, String uuid, Object... fields) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("uuid", uuid);
        for (int i = 0; i < fields.length; i += 2) {
            map.put((String) fields[i], fields[i + 1]);
        }
        return map;
    }
}
