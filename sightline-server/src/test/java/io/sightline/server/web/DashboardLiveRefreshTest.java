package io.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.events.Event;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A page's live refresh ({@code X-Sightline-Live}, what dashboard.js sends): it reflects the event the page
 * names, says which event it reflects, carries nothing of one viewer (it is shared), and a header that is
 * neither an event id nor {@code latest} is a 400 naming it. On H2 and PostgreSQL.
 */
class DashboardLiveRefreshTest {

    private static TestServer.Response live(TestServer server, String path, String seen) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Accept", "text/html")
                .header(LiveRefresh.HEADER, seen)
                .GET());
    }

    private static Document html(TestServer.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Jsoup.parse(r.body());
    }

    private static String squareCount(TestServer.Response r) {
        return html(r).selectFirst("[data-testid=count-squares]").text();
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aLiveRefreshReflectsTheEventThePageHasReceived(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db)) {
            String acq = UUID.randomUUID().toString();
            String grid = UUID.randomUUID().toString();
            assertThat(server.post("/acquisitions", Map.of("uuid", acq, "name", "live refresh"))
                            .status())
                    .isEqualTo(201);
            assertThat(server.post(
                                    "/acquisitions/" + acq + "/grids",
                                    Map.of("uuid", grid, "name", "G", "acquisition_uuid", acq))
                            .status())
                    .isEqualTo(201);
            String page = "/ui/acquisitions/" + acq;
            TestServer.Response before = live(server, page, "latest");
            assertThat(squareCount(before)).isEqualTo("0");
            long reflectedBefore = Long.parseLong(before.header(LiveRefresh.REFLECTS_HEADER));

            String square = UUID.randomUUID().toString();
            assertThat(server.post(
                                    "/grids/" + grid + "/gridsquares",
                                    Map.of("uuid", square, "gridsquare_id", "77", "grid_uuid", grid))
                            .status())
                    .isEqualTo(201);
            Event created = server.events()
                    .await(
                            e -> e.type().equals("gridsquare.created") && square.equals(e.entityUuid()),
                            Duration.ofSeconds(10));
            assertThat(created.id()).isGreaterThan(reflectedBefore);

            // the page names the event its stream brought: the render it gets shows the square
            TestServer.Response after = live(server, page, Long.toString(created.id()));
            assertThat(squareCount(after)).isEqualTo("1");
            assertThat(Long.parseLong(after.header(LiveRefresh.REFLECTS_HEADER)))
                    .isGreaterThanOrEqualTo(created.id());
            assertThat(Long.parseLong(after.header(LiveRefresh.NEWEST_AT_END_HEADER)))
                    .isGreaterThanOrEqualTo(Long.parseLong(after.header(LiveRefresh.REFLECTS_HEADER)));
            // and so does a page that just opened its stream and names none
            assertThat(squareCount(live(server, page, "latest"))).isEqualTo("1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aLiveRefreshIsSharedSoItCarriesNoViewersCsrfToken(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            String acq = UUID.randomUUID().toString();
            assertThat(server.post("/acquisitions", Map.of("uuid", acq, "name", "shared"))
                            .status())
                    .isEqualTo(201);
            Document shared = html(live(server, "/ui/acquisitions/" + acq, "latest"));
            assertThat(shared.select("[data-live][id]")).isNotEmpty();
            assertThat(shared.select("[data-csrf]")).isEmpty();
            assertThat(shared.select("input[name=csrf][value]")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aLiveHeaderThatIsNoEventIdIsA400NamingIt(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            for (String bad : new String[] {"soon", "-3", "12abc"}) {
                TestServer.Response r = live(server, "/", bad);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("detail").asText())
                        .contains(LiveRefresh.HEADER)
                        .contains(bad);
            }
            assertThat(live(server, "/", "0").status()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aLiveTableRefetchReflectsTheEventThePageHasReceived(TestDatabase db) throws Exception {
        try (TestServer server = TestServer.start(db)) {
            String acq = UUID.randomUUID().toString();
            String grid = UUID.randomUUID().toString();
            assertThat(server.post("/acquisitions", Map.of("uuid", acq, "name", "live table"))
                            .status())
                    .isEqualTo(201);
            assertThat(server.post(
                                    "/acquisitions/" + acq + "/grids",
                                    Map.of("uuid", grid, "name", "G", "acquisition_uuid", acq))
                            .status())
                    .isEqualTo(201);
            String table = "/ui/acquisitions/" + acq + "/table?kind=squares";
            TestServer.Response before = liveTable(server, table, "latest");
            assertThat(before.status()).as(before.body()).isEqualTo(200);
            assertThat(before.contentType()).startsWith("application/json");
            assertThat(before.json().get("total").asInt()).isZero();

            String square = UUID.randomUUID().toString();
            assertThat(server.post(
                                    "/grids/" + grid + "/gridsquares",
                                    Map.of("uuid", square, "gridsquare_id", "78", "grid_uuid", grid))
                            .status())
                    .isEqualTo(201);
            Event created = server.events()
                    .await(
                            e -> e.type().equals("gridsquare.created") && square.equals(e.entityUuid()),
                            Duration.ofSeconds(10));
            TestServer.Response after = liveTable(server, table, Long.toString(created.id()));
            assertThat(after.json().get("total").asInt()).isEqualTo(1);
            assertThat(after.json().get("rows").get(0).get(0).asText()).isEqualTo(square);
            assertThat(Long.parseLong(after.header(LiveRefresh.REFLECTS_HEADER)))
                    .isGreaterThanOrEqualTo(created.id());

            // bad input stays a named problem on the live path too
            TestServer.Response badHeader = liveTable(server, table, "soon");
            assertThat(badHeader.status()).isEqualTo(400);
            assertThat(badHeader.json().get("detail").asText()).contains(LiveRefresh.HEADER);
            TestServer.Response badKind = liveTable(server, "/ui/acquisitions/" + acq + "/table?kind=atlas", "latest");
            assertThat(badKind.status()).isEqualTo(422);
            assertThat(badKind.json().get("detail").asText()).contains("kind").contains("atlas");
            TestServer.Response noAcquisition =
                    liveTable(server, "/ui/acquisitions/" + UUID.randomUUID() + "/table?kind=squares", "latest");
            assertThat(noAcquisition.status()).isEqualTo(404);
        }
    }

    private static TestServer.Response liveTable(TestServer server, String path, String seen) {
        return server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Accept", "application/json")
                .header(LiveRefresh.HEADER, seen)
                .GET());
    }
}
