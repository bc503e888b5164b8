package io.sightline.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An acquisition with one foil hole, made through a real server's API, and micrographs in it whose EPU manifest
 * (and, for even numbers, a movie beside it) is written into {@code files}: what an attached pipeline processes.
 */
public record MicrographFixture(Api api, String acquisition, String hole, Path files) {

    /** Posts a JSON body to a server path and checks that it was accepted. */
    @FunctionalInterface
    public interface Api {
        void post(String path, Object body) throws IOException;
    }

    public static MicrographFixture create(TestServer server, Path files) throws IOException {
        return through((path, body) -> ok(server.post(path, body)), files);
    }

    public static MicrographFixture through(Api server, Path files) throws IOException {
        String acq = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        server.post("/acquisitions", Map.of("uuid", acq, "name", "session", "status", "started"));
        server.post("/acquisitions/" + acq + "/grids", Map.of("uuid", grid, "name", "Grid_1", "acquisition_uuid", acq));
        server.post(
                "/grids/" + grid + "/gridsquares", Map.of("uuid", square, "gridsquare_id", "1001", "grid_uuid", grid));
        server.post(
                "/gridsquares/" + square + "/foilholes",
                List.of(Map.of("uuid", hole, "foilhole_id", "7", "gridsquare_id", "1001", "gridsquare_uuid", square)));
        return new MicrographFixture(server, acq, hole, files);
    }

    /** Creates micrograph {@code n}; answers the real path of the file its batch links (the movie, else the manifest). */
    public String micrograph(int n) throws IOException {
        String stem = "FoilHole_7_Data_1_" + n + "_20261207_120000";
        Path manifest = files.resolve(stem + ".xml");
        Files.writeString(manifest, "<MicroscopeImage/>");
        if (n % 2 == 0) {
            Files.writeString(files.resolve(stem + "_Fractions.tiff"), "movie");
        }
        api.post(
                "/foilholes/" + hole + "/micrographs",
                Map.of(
                        "uuid",
                        UUID.randomUUID().toString(),
                        "foilhole_uuid",
                        hole,
                        "foilhole_id",
                        "7",
                        "micrograph_id",
                        "Data_" + n,
                        "manifest_file",
                        manifest.toString()));
        return files.toRealPath()
                .resolve(n % 2 == 0 ? stem + "_Fractions.tiff" : stem + ".xml")
                .toString();
    }

    private static void ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
