package io.sightline.server.bench;

import io.sightline.core.ids.EntityUuids;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (not a test) of the SmartEM per-entity endpoints: the two-day session (420 squares, 6,000
 * holes, 5,000 micrographs) created one entity per request, the way a SmartEM agent sends it, over
 * keep-alive HTTP/1.1 from a few concurrent clients, parents before children. Prints requests per second.
 * The clients are {@link KeepAliveClient}s with their bodies encoded before the clock starts, so that
 * as little as possible of the two cores goes to the clients.
 *
 * <p>Run: {@code java -cp <test classpath> io.sightline.server.bench.PerEntityThroughput [clients [rounds
 * [h2-file,postgresql [smartem|uuid]]]]}. Early rounds include JIT warm-up; read the later ones. {@code
 * smartem} (the default) sends ids as SmartEM's agent makes them (22-character URL-safe base64), {@code
 * uuid} as UUIDs.
 */
public final class PerEntityThroughput {
    private PerEntityThroughput() {}

    /** One request: a path and its JSON body. */
    private record Call(String path, String json) {
        Call(String path, Object body) {
            this(path, TestServer.toJson(body));
        }
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> engines = args.length > 2 ? List.of(args[2].split(",")) : List.of("h2-file", "postgresql");
        // SmartEM's agent sends 22-character ids, so they are what the per-entity path is measured with
        boolean smartEmIds = args.length <= 3 || !args[3].equals("uuid");
        for (String engine : engines) {
            for (int round = 1; round <= rounds; round++) {
                TestDatabase db = Bench.database(engine);
                try (TestServer server = TestServer.start(db)) {
                    List<List<Call>> levels = session(server, smartEmIds);
                    int requests = levels.stream().mapToInt(List::size).sum();
                    long start = System.nanoTime();
                    List<KeepAliveClient> connections = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        connections.add(new KeepAliveClient("127.0.0.1", server.port()));
                    }
                    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                        for (List<Call> level : levels) {
                            AtomicInteger next = new AtomicInteger();
                            List<Future<?>> workers = new ArrayList<>();
                            for (KeepAliveClient connection : connections) {
                                workers.add(pool.submit(() -> {
                                    for (int i = next.getAndIncrement(); i < level.size(); i = next.getAndIncrement()) {
                                        Call call = level.get(i);
                                        KeepAliveClient.Response r = connection.post(call.path(), call.json());
                                        if (r.status() != 200 && r.status() != 201) {
                                            throw new IllegalStateException(
                                                    call.path() + " answered " + r.status() + ": " + r.body());
                                        }
                                    }
                                    return null;
                                }));
                            }
                            for (Future<?> w : workers) {
                                w.get();
                            }
                        }
                    } finally {
                        for (KeepAliveClient connection : connections) {
                            connection.close();
                        }
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "%s round %d: %d requests in %.2f s = %.0f requests/s (%d clients, keep-alive, %s ids;"
                                    + " load average %.1f)%n",
                            engine,
                            round,
                            requests,
                            seconds,
                            requests / seconds,
                            clients,
                            smartEmIds ? "22-character" : "UUID",
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                    .getSystemLoadAverage());
                }
            }
        }
    }

    /** The session as levels of requests; every parent is in an earlier level than its children. */
    private static List<List<Call>> session(TestServer server, boolean smartEmIds) {
        java.util.function.Function<UUID, String> id = smartEmIds ? PerEntityThroughput::smartEmId : UUID::toString;
        String acquisition = id.apply(UUID.randomUUID());
        UUID gridUuid = UUID.randomUUID();
        String grid = id.apply(gridUuid);
        // the acquisition and grid are set-up, not measured
        require(server.post("/acquisitions", Map.of("uuid", acquisition, "name", "two-day session")));
        require(server.post(
                "/acquisitions/" + acquisition + "/grids",
                Map.of("uuid", grid, "name", "Grid_1", "acquisition_uuid", acquisition)));
        List<Call> squares = new ArrayList<>();
        List<Call> holes = new ArrayList<>();
        List<Call> micrographs = new ArrayList<>();
        List<String[]> holeIds = new ArrayList<>();
        for (int s = 0; s < 420; s++) {
            UUID squareUuid = EntityUuids.derive(gridUuid, "gridsquare", Integer.toString(s));
            String square = id.apply(squareUuid);
            squares.add(new Call(
                    "/grids/" + grid + "/gridsquares",
                    Map.of(
                            "uuid",
                            square,
                            "grid_uuid",
                            grid,
                            "gridsquare_id",
                            Integer.toString(s),
                            "center_x",
                            s,
                            "center_y",
                            s * 2,
                            "defocus",
                            -1.5,
                            "selected",
                            true)));
            for (int h = 0; h < (s < 120 ? 15 : 14) && holeIds.size() < 6000; h++) {
                UUID holeUuid = EntityUuids.derive(squareUuid, "foilhole", Integer.toString(h));
                String hole = id.apply(holeUuid);
                String holeId = s + "_" + h;
                holeIds.add(new String[] {hole, holeId, holeUuid.toString()});
                holes.add(new Call(
                        "/gridsquares/" + square + "/foilholes",
                        List.of(Map.of(
                                "uuid",
                                hole,
                                "gridsquare_uuid",
                                square,
                                "gridsquare_id",
                                Integer.toString(s),
                                "foilhole_id",
                                holeId,
                                "center_x",
                                10.0 * h,
                                "center_y",
                                5.0 * h,
                                "diameter",
                                1200))));
            }
        }
        for (int m = 0; m < 5000; m++) {
            String[] hole = holeIds.get(m);
            micrographs.add(new Call(
                    "/foilholes/" + hole[0] + "/micrographs",
                    Map.of(
                            "uuid",
                            id.apply(EntityUuids.derive(UUID.fromString(hole[2]), "micrograph", "D" + m)),
                            "foilhole_uuid",
                            hole[0],
                            "foilhole_id",
                            hole[1],
                            "micrograph_id",
                            "D" + m,
                            "high_res_path",
                            "/data/Images-Disc1/FoilHole_" + m + ".mrc",
                            "defocus",
                            -2.0)));
        }
        return List.of(squares, holes, micrographs);
    }

    /** SmartEM's {@code generate_uuid}: the UUID's 16 bytes in URL-safe base64 without padding. */
    private static String smartEmId(UUID u) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private static void require(TestServer.Response r) {
        if (r.status() != 200 && r.status() != 201) {
            throw new IllegalStateException("set-up failed: " + r.status() + " " + r.body());
        }
    }
}
