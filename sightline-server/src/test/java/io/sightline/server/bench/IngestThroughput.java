package io.sightline.server.bench;

import io.sightline.core.ids.EntityUuids;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Ingest benchmark (not a test): a simulated two-day session — 420 grid squares, 6,000 foil holes,
 * 5,000 micrographs — sent through {@code POST /api/v1/ingest} in batches over real HTTP, once on H2
 * (file database, the embedded default) and once on PostgreSQL. Prints entities per second; the
 * figures go to docs/benchmarks.md by hand.
 *
 * <p>Run: {@code java -cp <test classpath> io.sightline.server.bench.IngestThroughput [batchSize [rounds
 * [h2-file,h2-file-write-delay,postgresql]]]} (an engine may repeat, to interleave them). Early rounds include JIT warm-up; read the later ones.
 */
public final class IngestThroughput {
    private IngestThroughput() {}

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<String> engines = args.length > 2 ? List.of(args[2].split(",")) : List.of("h2-file", "postgresql");
        for (String engine : engines) {
            for (int round = 1; round <= rounds; round++) {
                TestDatabase db = Bench.database(engine);
                try (TestServer server = TestServer.start(db)) {
                    List<Map<String, Object>> items = session();
                    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                    long cpuStart = os.getProcessCpuTime();
                    long start = System.nanoTime();
                    for (int from = 0, n = 0; from < items.size(); from += batch, n++) {
                        List<Map<String, Object>> chunk = items.subList(from, Math.min(items.size(), from + batch));
                        TestServer.Response r = server.send(HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", "bench-" + n)
                                .POST(HttpRequest.BodyPublishers.ofString(TestServer.toJson(Map.of("items", chunk)))));
                        if (r.status() != 200
                                || r.json().get("summary").get("error").asInt() != 0) {
                            throw new IllegalStateException("ingest failed: "
                                    + r.body()
                                            .substring(0, Math.min(500, r.body().length())));
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "%s round %d: %d entities in %.2f s = %.0f entities/s (batch %d; this JVM used %.2f s CPU, client"
                                    + " included; load average %.1f)%n",
                            engine,
                            round,
                            items.size(),
                            seconds,
                            items.size() / seconds,
                            batch,
                            cpu,
                            os.getSystemLoadAverage());
                }
            }
        }
    }

    private static List<Map<String, Object>> session() {
        List<Map<String, Object>> items = new ArrayList<>();
        String acquisition = UUID.randomUUID().toString();
        UUID grid = UUID.randomUUID();
        items.add(Bench.item("acquisition", acquisition, "name", "two-day session"));
        items.add(Bench.item("grid", grid.toString(), "acquisition_uuid", acquisition, "name", "Grid_1"));
        List<String> holes = new ArrayList<>();
        for (int s = 0; s < 420; s++) {
            String square =
                    EntityUuids.derive(grid, "gridsquare", Integer.toString(s)).toString();
            items.add(Bench.item(
                    "gridsquare",
                    square,
                    "grid_uuid",
                    grid.toString(),
                    "gridsquare_id",
                    Integer.toString(s),
                    "center_x",
                    s,
                    "center_y",
                    s * 2,
                    "defocus",
                    -1.5,
                    "selected",
                    true));
            for (int h = 0; h < (s < 120 ? 15 : 14) && holes.size() < 6000; h++) {
                String hole = EntityUuids.derive(UUID.fromString(square), "foilhole", Integer.toString(h))
                        .toString();
                holes.add(hole);
                items.add(Bench.item(
                        "foilhole",
                        hole,
                        "gridsquare_uuid",
                        square,
                        "foilhole_id",
                        s + "_" + h,
                        "center_x",
                        10.0 * h,
                        "center_y",
                        5.0 * h,
                        "diameter",
                        1200));
            }
        }
        for (int m = 0; m < 5000; m++) {
            String hole = holes.get(m);
            items.add(Bench.item(
                    "micrograph",
                    EntityUuids.derive(UUID.fromString(hole), "micrograph", "D" + m)
                            .toString(),
                    "foilhole_uuid",
                    hole,
                    "micrograph_id",
                    "D" + m,
                    "high_res_path",
                    "/data/Images-Disc1/FoilHole_" + m + ".mrc",
                    "defocus",
                    -2.0,
                    "image_size_x",
                    4096,
                    "image_size_y",
                    4096));
        }
        return items;
    }
}
