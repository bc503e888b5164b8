package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Builds (idempotently: each step may repeat an earlier one) an acquisition → grid → square → hole → micrograph chain through the public API. */
final class ApiFixtures {
    final String acquisition;
    final String grid;
    final String atlas;
    final String tile;
    final String square;
    final String hole;
    final String micrograph;

    ApiFixtures() {
        this(() -> UUID.randomUUID().toString());
    }

    /** Fixtures whose ids come from {@code ids} (SmartEM's generator, for instance). */
    ApiFixtures(Supplier<String> ids) {
        acquisition = ids.get();
        grid = ids.get();
        atlas = ids.get();
        tile = ids.get();
        square = ids.get();
        hole = ids.get();
        micrograph = ids.get();
    }

    /** An id as SmartEM's {@code generate_uuid} makes it: a random UUID's 16 bytes in URL-safe base64, unpadded (22 characters). */
    static String smartEmId() {
        UUID u = UUID.randomUUID();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    ApiFixtures acquisition(TestServer server) {
        assertThat(server.post("/acquisitions", map("uuid", acquisition, "name", "session 1", "status", "started"))
                        .status())
                .isIn(200, 201);
        return this;
    }

    ApiFixtures grid(TestServer server) {
        acquisition(server);
        assertThat(server.post(
                                "/acquisitions/" + acquisition + "/grids",
                                map("uuid", grid, "name", "Grid_1", "acquisition_uuid", acquisition))
                        .status())
                .isIn(200, 201);
        return this;
    }

    ApiFixtures atlasWithTile(TestServer server) {
        grid(server);
        assertThat(server.post(
                                "/grids/" + grid + "/atlas",
                                map(
                                        "uuid",
                                        atlas,
                                        "grid_uuid",
                                        grid,
                                        "name",
                                        "Atlas",
                                        "tiles",
                                        List.of(map(
                                                "uuid",
                                                tile,
                                                "atlas_uuid",
                                                atlas,
                                                "tile_id",
                                                "Tile_1",
                                                "position_x",
                                                0))))
                        .status())
                .isIn(200, 201);
        return this;
    }

    ApiFixtures square(TestServer server) {
        grid(server);
        assertThat(server.post(
                                "/grids/" + grid + "/gridsquares",
                                map("uuid", square, "gridsquare_id", "1001", "grid_uuid", grid, "defocus", -1.5))
                        .status())
                .isIn(200, 201);
        return this;
    }

    ApiFixtures hole(TestServer server) {
        square(server);
        assertThat(server.post(
                                "/gridsquares/" + square + "/foilholes",
                                List.of(map(
                                        "uuid",
                                        hole,
                                        "foilhole_id",
                                        "7",
                                        "gridsquare_id",
                                        "1001",
                                        "gridsquare_uuid",
                                        square)))
                        .status())
                .isIn(200, 201);
        return this;
    }

    ApiFixtures micrograph(TestServer server) {
        hole(server);
        assertThat(server.post(
                                "/foilholes/" + hole + "/micrographs",
                                map(
                                        "uuid",
                                        micrograph,
                                        "foilhole_id",
                                        "7",
                                        "foilhole_uuid",
                                        hole,
                                        "micrograph_id",
                                        "Data_1"))
                        .status())
                .isIn(200, 201);
        return this;
    }
}
