package io.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.data.DataObjectRoutes;
import io.sightline.server.data.StorageFixture;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The square and micrograph pages show the image of a data object registered for the entity (by
 * {@code entity_uuid}), and a browser logged in with the dashboard's cookie may load it.
 */
class DashboardImagesTest {
    @TempDir
    Path tmp;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSquareImageSpansItsPixelsUnderTheHolesAndTheCookieLoadsIt() throws Exception {
        Path root = StorageFixture.root(tmp);
        server = StorageFixture.server(TestDatabase.h2(), root, s -> s);
        String acq = UUID.randomUUID().toString();
        String grid = UUID.randomUUID().toString();
        String square = UUID.randomUUID().toString();
        String hole = UUID.randomUUID().toString();
        String micrograph = UUID.randomUUID().toString();
        ok(server.post("/acquisitions", Map.of("uuid", acq, "name", "images")));
        ok(server.post("/acquisitions/" + acq + "/grids", Map.of("uuid", grid, "name", "G", "acquisition_uuid", acq)));
        ok(server.post(
                "/grids/" + grid + "/gridsquares", Map.of("uuid", square, "gridsquare_id", "9", "grid_uuid", grid)));
        ok(server.post(
                "/gridsquares/" + square + "/foilholes",
                List.of(Map.of(
                        "uuid",
                        hole,
                        "foilhole_id",
                        "91",
                        "gridsquare_id",
                        "9",
                        "gridsquare_uuid",
                        square,
                        "x_location",
                        30,
                        "y_location",
                        20,
                        "diameter",
                        8))));
        ok(server.post(
                "/foilholes/" + hole + "/micrographs",
                Map.of("uuid", micrograph, "foilhole_uuid", hole, "foilhole_id", "91", "micrograph_id", "m1")));
        StorageFixture.mrc(root, "sq9.mrc", 64, 48, 1);
        StorageFixture.mrc(root, "m1.mrc", 32, 32, 1);
        ok(server.post(
                DataObjectRoutes.PATH,
                Map.of(
                        "uid",
                        "sq9",
                        "path",
                        root.resolve("sq9.mrc").toString(),
                        "kind",
                        "gridsquare",
                        "session",
                        "s1",
                        "entity_uuid",
                        square)));
        ok(server.post(
                DataObjectRoutes.PATH,
                Map.of(
                        "uid",
                        "m1",
                        "path",
                        root.resolve("m1.mrc").toString(),
                        "kind",
                        "micrograph",
                        "session",
                        "s1",
                        "entity_uuid",
                        micrograph)));

        WebClient web = new WebClient(server.uri("/"));
        Document page = web.page("/ui/gridsquares/" + square);
        Element image = page.selectFirst("svg[data-testid=square-map] image[data-testid=square-image]");
        assertThat(image).isNotNull();
        assertThat(image.attr("width")).isEqualTo("64.0");
        assertThat(image.attr("height")).isEqualTo("48.0");
        assertThat(page.selectFirst("svg[data-testid=square-map]").attr("viewBox"))
                .isEqualTo("0 0 64.0 48.0");
        // the holes are drawn after the image, so on top of it
        assertThat(page.selectFirst("svg[data-testid=square-map]")
                        .children()
                        .first()
                        .tagName())
                .isEqualTo("image");
        Element img = web.page("/ui/micrographs/" + micrograph).selectFirst("img[data-testid=micrograph-image]");
        assertThat(img.attr("src")).isEqualTo("/api/v1/images/m1");

        // with tokens, a logged-in browser's cookie loads the image (a read), but writes no data
        String admin = server.post("/api/v1/tokens", Map.of("name", "a", "role", "admin"))
                .json()
                .get("token")
                .asText();
        String viewer = server.postAs(admin, "/api/v1/tokens", Map.of("name", "v", "role", "viewer"))
                .json()
                .get("token")
                .asText();
        WebClient browser = new WebClient(server.uri("/"));
        assertThat(browser.get(image.attr("href")).statusCode()).isEqualTo(401);
        browser.cookies.put(WebAuth.SESSION_COOKIE, viewer);
        var loaded = browser.get(image.attr("href"));
        assertThat(loaded.statusCode()).isEqualTo(200);
        assertThat(loaded.headers().firstValue("Content-Type").orElse("")).startsWith("image/");
        var write = browser.postForm("/acquisitions", List.<String[]>of());
        assertThat(write.statusCode()).isEqualTo(401);
    }

    private static void ok(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
