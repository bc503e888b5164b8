package io.sightline.cli.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An acquisition of a chosen size written into a real server through its batch ingest route
 * ({@code POST /api/v1/ingest}, what the agent uses), with the truth kept here so a browser test can
 * compute what a sorted or filtered table must show. Values are deterministic functions of the index:
 * squares on a 20-wide atlas grid, the first {@code visited} with {@code holesPerSquare} holes each, and
 * micrographs dealt round the holes, three seconds apart, with defocus, CTF, motion and particles.
 */
record SeededAcquisition(String acquisitionUuid, List<Square> squares, List<Hole> holes, List<Micrograph> micrographs) {
    static final Instant START = Instant.parse("2026-12-07T08:00:00Z");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int BATCH = 500;

    record Square(String uuid, String id) {}

    record Hole(String uuid, String id, String squareUuid, String squareId, int micrographs) {}

    record Micrograph(
            String uuid,
            String id,
            String holeUuid,
            String holeId,
            Instant time,
            double defocusUm,
            double ctf,
            double motion,
            long particles) {}

    static SeededAcquisition write(TestServer server, int squares, int visited, int holesPerSquare, int micrographs)
            throws IOException, InterruptedException {
        String acquisition = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(item("acquisition", "uuid", acquisition, "name", "Seeded " + micrographs, "status", "started"));
        items.add(item("grid", "uuid", grid, "acquisition_uuid", acquisition, "name", "Grid_1"));
        List<Square> squareList = new ArrayList<>();
        for (int s = 0; s < squares; s++) {
            Square square = new Square(UUID.randomUUID().toString(), Integer.toString(3000 + s));
            squareList.add(square);
            items.add(item(
                    "gridsquare",
                    "uuid",
                    square.uuid(),
                    "grid_uuid",
                    grid,
                    "gridsquare_id",
                    square.id(),
                    "center_x",
                    100 + (s % 20) * 100,
                    "center_y",
                    100 + (s / 20) * 100,
                    "size_width",
                    80,
                    "size_height",
                    80));
        }
        List<String[]> holeList = new ArrayList<>(); // uuid, id, square uuid, square id
        for (int s = 0; s < visited; s++) {
            Square square = squareList.get(s);
            for (int j = 0; j < holesPerSquare; j++) {
                String[] hole = {
                    UUID.randomUUID().toString(), square.id() + String.format("%02d", j), square.uuid(), square.id()
                };
                holeList.add(hole);
                items.add(item(
                        "foilhole",
                        "uuid",
                        hole[0],
                        "gridsquare_uuid",
                        square.uuid(),
                        "gridsquare_id",
                        square.id(),
                        "foilhole_id",
                        hole[1],
                        "x_location",
                        200 + (j % 10) * 300,
                        "y_location",
                        200 + (j / 10) * 300,
                        "diameter",
                        120,
                        "is_near_grid_bar",
                        j % 7 == 0));
            }
        }
        int[] perHole = new int[holeList.size()];
        List<Micrograph> micrographList = new ArrayList<>();
        for (int i = 0; i < micrographs; i++) {
            int h = i % holeList.size();
            String[] hole = holeList.get(h);
            perHole[h]++;
            Micrograph m = micrograph(i, hole[0], hole[1], perHole[h]);
            micrographList.add(m);
            items.add(item(m));
        }
        for (int from = 0; from < items.size(); from += BATCH) {
            ingest(server, items.subList(from, Math.min(items.size(), from + BATCH)));
        }
        List<Hole> holes = new ArrayList<>();
        for (int h = 0; h < holeList.size(); h++) {
            String[] hole = holeList.get(h);
            holes.add(new Hole(hole[0], hole[1], hole[2], hole[3], perHole[h]));
        }
        return new SeededAcquisition(acquisition, squareList, holes, micrographList);
    }

    /**
     * Writes {@code count} more micrographs, as a live acquisition goes on: the same deterministic values,
     * continuing the index and dealt round the same holes (the holes' {@code micrographs} are not updated).
     */
    List<Micrograph> writeMore(TestServer server, int count) throws IOException, InterruptedException {
        Map<String, Integer> perHole = new java.util.HashMap<>();
        micrographs.forEach(m -> perHole.merge(m.holeUuid(), 1, Integer::sum));
        List<Micrograph> more = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = micrographs.size(); i < micrographs.size() + count; i++) {
            Hole hole = holes.get(i % holes.size());
            Micrograph m = micrograph(i, hole.uuid(), hole.id(), perHole.merge(hole.uuid(), 1, Integer::sum));
            more.add(m);
            items.add(item(m));
        }
        ingest(server, items);
        return more;
    }

    /** Writes {@code m} again (an upsert by its uuid), as a changed value such as a CTF result arrives. */
    static void rewrite(TestServer server, Micrograph m) throws IOException, InterruptedException {
        ingest(server, List.of(item(m)));
    }

    private static Micrograph micrograph(int i, String holeUuid, String holeId, int nthOfHole) {
        return new Micrograph(
                UUID.randomUUID().toString(),
                "FoilHole_" + holeId + "_Data_" + nthOfHole,
                holeUuid,
                holeId,
                START.plusSeconds(3L * i),
                -(1.0 + (i * 37 % 2000) / 1000.0),
                2.5 + (i * 13 % 300) / 100.0,
                0.5 + (i * 11 % 400) / 100.0,
                i * 7L % 500);
    }

    private static Map<String, Object> item(Micrograph m) {
        return item(
                "micrograph",
                "uuid",
                m.uuid(),
                "foilhole_uuid",
                m.holeUuid(),
                "foilhole_id",
                m.holeId(),
                "micrograph_id",
                m.id(),
                "acquisition_datetime",
                m.time().toString(),
                "defocus",
                m.defocusUm() * 1e-6,
                "ctf_max_resolution_estimate",
                m.ctf(),
                "total_motion",
                m.motion(),
                "number_of_particles_picked",
                m.particles());
    }

    private static Map<String, Object> item(String kind, Object... keyValues) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("kind", kind);
        for (int i = 0; i < keyValues.length; i += 2) {
            item.put((String) keyValues[i], keyValues[i + 1]);
        }
        return item;
    }

    private static void ingest(TestServer server, List<Map<String, Object>> items)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(server.uri("/api/v1/ingest"))
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        MAPPER.writeValueAsString(Map.of("items", items))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode answer = r.statusCode() == 200 ? MAPPER.readTree(r.body()) : null;
        boolean refused = answer == null;
        for (JsonNode result : answer == null ? MAPPER.createArrayNode() : answer.path("results")) {
            refused |= "error".equals(result.path("result").asText());
        }
        if (refused) {
            throw new AssertionError("ingest answered " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(2000, r.body().length())));
        }
    }
}
