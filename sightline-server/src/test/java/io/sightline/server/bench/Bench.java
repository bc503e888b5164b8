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
        Path dir = Files.createTempDirectory("sightline-bench");
        dir.toFile().deleteOnExit();
        return TestDatabase.h2File(dir);
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
