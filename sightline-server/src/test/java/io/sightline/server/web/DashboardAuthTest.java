package io.sightline.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on a server that has tokens (so it is not open): the login form and its cookie, the
 * redirect of a browser without one, roles enforced on the server (a viewer sees no steering controls
 * and is refused if it posts anyway), and CSRF on every post.
 */
class DashboardAuthTest {
    private static TestServer server;
    private static String admin;
    private static String viewer;
    private static String steerer;
    private static final String ACQ = UUID.randomUUID().toString();
    private static final String GRID = UUID.randomUUID().toString();
    private static final String SQUARE = UUID.randomUUID().toString();
    private static String session;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        // the first token is made while the server is still open; after it, nothing is
        admin = token(null, "admin");
        viewer = token(admin, "viewer");
        steerer = token(admin, "steering");
        assertThat(server.postAs(admin, "/acquisitions", Map.of("uuid", ACQ, "name", "session A"))
                        .status())
                .isEqualTo(201);
        assertThat(server.postAs(
                                admin,
                                "/acquisitions/" + ACQ + "/grids",
                                Map.of("uuid", GRID, "name", "Grid_1", "acquisition_uuid", ACQ))
                        .status())
                .isEqualTo(201);
        assertThat(server.postAs(
                                admin,
                                "/grids/" + GRID + "/gridsquares",
                                Map.of(
                                        "uuid",
                                        SQUARE,
                                        "gridsquare_id",
                                        "2001",
                                        "grid_uuid",
                                        GRID,
                                        "center_x",
                                        10,
                                        "center_y",
                                        10,
                                        "size_width",
                                        5,
                                        "size_height",
                                        5))
                        .status())
                .isEqualTo(201);
        TestServer.Response s =
                server.postAs(admin, "/agent/krios-9/sessions", Map.of("name", "run", "acquisition_uuid", ACQ));
        assertThat(s.status()).isEqualTo(201);
        session = s.json().get("session_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String token(String as, String role) {
        Map<String, String> body = Map.of("name", "web-" + role, "role", role);
        TestServer.Response r =
                as == null ? server.post("/api/v1/tokens", body) : server.postAs(as, "/api/v1/tokens", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    private static WebClient loggedIn(String token) {
        WebClient web = new WebClient(server.uri("/"));
        HttpResponse<String> r = logIn(web, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return web;
    }

    /** Fills in the login form as a browser does: its CSRF field from the page, and the token. */
    private static HttpResponse<String> logIn(WebClient web, String token) {
        Document form = web.page("/login");
        return web.postForm(
                "/login",
                List.of(
                        new String[] {
                            "csrf", form.selectFirst("form input[name=csrf]").attr("value")
                        },
                        new String[] {"token", token}));
    }

    private static int instructionCount() {
        return server.getAs(admin, "/agent/krios-9/session/" + session + "/instructions")
                .json()
                .size();
    }

    @Test
    void aBrowserWithoutASessionIsSentToTheLoginForm() {
        WebClient web = new WebClient(server.uri("/"));
        for (String path : List.of("/", "/ui/acquisitions/" + ACQ, "/ui/gridsquares/" + SQUARE)) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).as(path).hasValue("/login");
        }
        Document login = web.page("/login");
        assertThat(login.select("form input[name=token]")).hasSize(1);
        assertThat(login.select("form button[type=submit]")).hasSize(1);
        assertThat(web.get("/ui/events").statusCode()).isEqualTo(401);
    }

    @Test
    void loginSetsAnHttpOnlySameSiteCookieThatOpensThePages() {
        WebClient web = new WebClient(server.uri("/"));
        HttpResponse<String> r = logIn(web, viewer);
        assertThat(r.statusCode()).isEqualTo(303);
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(WebAuth.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        Document overview = web.page("/");
        assertThat(overview.select("[data-testid=acquisitions] tr[data-acquisition-uuid=" + ACQ + "]"))
                .hasSize(1);
    }

    @Test
    void aWrongTokenGetsTheFormAgainAndALoginWithoutItsCsrfIsRefused() {
        WebClient web = new WebClient(server.uri("/"));
        Document form = web.page("/login");
        String csrf = form.selectFirst("form input[name=csrf]").attr("value");
        HttpResponse<String> wrong =
                web.postForm("/login", List.of(new String[] {"csrf", csrf}, new String[] {"token", "sl_not-a-token"}));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(Jsoup.parse(wrong.body()).select("form input[name=token]")).hasSize(1);
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(WebAuth.SESSION_COOKIE + "="));

        WebClient forger = new WebClient(server.uri("/")); // never saw the form: no login CSRF cookie
        HttpResponse<String> forged =
                forger.postForm("/login", List.of(new String[] {"csrf", csrf}, new String[] {"token", viewer}));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aViewerSeesNoSteeringControlsAndIsRefusedWhenPostingAnyway() {
        WebClient web = loggedIn(viewer);
        Document page = web.page("/ui/acquisitions/" + ACQ);
        assertThat(page.select("svg[data-testid=atlas] [data-square-uuid=" + SQUARE + "]"))
                .hasSize(1);
        assertThat(page.select("[data-testid=steering]")).isEmpty();
        assertThat(page.select("button[data-action]")).isEmpty();
        String csrf = page.selectFirst("body").attr("data-csrf");
        int before = instructionCount();
        HttpResponse<String> r = web.postForm(
                "/ui/acquisitions/" + ACQ + "/instructions",
                List.of(new String[] {"csrf", csrf}, new String[] {"action", "skip"}, new String[] {"squares", SQUARE
                }));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("viewer").contains("steering");
        assertThat(instructionCount()).isEqualTo(before);
    }

    @Test
    void aViewersLiveRefreshIsNeverTheSteeringRenderTheyShareWithOperators() {
        // an operator's live refresh first: its shared render must not be what a viewer is served
        WebClient operator = loggedIn(steerer);
        HttpResponse<String> steering = operator.send(HttpRequest.newBuilder(server.uri("/ui/acquisitions/" + ACQ))
                .header(LiveRefresh.HEADER, "latest")
                .GET());
        assertThat(steering.statusCode()).isEqualTo(200);
        assertThat(Jsoup.parse(steering.body()).select("[data-testid=instruction-log]"))
                .hasSize(1);
        WebClient web = loggedIn(viewer);
        HttpResponse<String> viewing = web.send(HttpRequest.newBuilder(server.uri("/ui/acquisitions/" + ACQ))
                .header(LiveRefresh.HEADER, "latest")
                .GET());
        assertThat(viewing.statusCode()).isEqualTo(200);
        Document page = Jsoup.parse(viewing.body());
        assertThat(page.select("svg[data-testid=atlas] [data-square-uuid=" + SQUARE + "]"))
                .hasSize(1);
        assertThat(page.select("[data-testid=steering]")).isEmpty();
        assertThat(page.select("[data-testid=instruction-log]")).isEmpty();
        assertThat(page.select("input[data-select-square]")).isEmpty();
        // and without a session the live refresh is refused like the page
        HttpResponse<String> stranger = new WebClient(server.uri("/"))
                .send(HttpRequest.newBuilder(server.uri("/ui/acquisitions/" + ACQ))
                        .header(LiveRefresh.HEADER, "latest")
                        .GET());
        assertThat(stranger.statusCode()).isEqualTo(303);
    }

    @Test
    void aSteeringOperatorSendsAnInstructionOnlyWithThePagesCsrfToken() {
        WebClient web = loggedIn(steerer);
        Document page = web.page("/ui/acquisitions/" + ACQ);
        assertThat(page.select("[data-testid=steering] button[data-action=skip]"))
                .hasSize(1);
        String action = "/ui/acquisitions/" + ACQ + "/instructions";
        HttpResponse<String> noCsrf =
                web.postForm(action, List.of(new String[] {"action", "skip"}, new String[] {"squares", SQUARE}));
        assertThat(noCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> otherCsrf = web.postForm(
                action,
                List.of(
                        new String[] {
                            "csrf",
                            loggedIn(viewer).page("/").selectFirst("body").attr("data-csrf")
                        },
                        new String[] {"action", "skip"},
                        new String[] {"squares", SQUARE}));
        assertThat(otherCsrf.statusCode()).isEqualTo(403);

        int before = instructionCount();
        String csrf = page.selectFirst("#steering-form input[name=csrf]").attr("value");
        HttpResponse<String> ok = web.postForm(
                action,
                List.of(new String[] {"csrf", csrf}, new String[] {"action", "skip"}, new String[] {"squares", SQUARE
                }));
        assertThat(ok.statusCode()).isEqualTo(303);
        var instructions = server.getAs(admin, "/agent/krios-9/session/" + session + "/instructions")
                .json();
        assertThat(instructions).hasSize(1);
        assertThat(instructions.get(0).get("instruction_type").asText())
                .isEqualTo("microscope.control.skip_gridsquares");
    }

    @Test
    void aBearerHeaderWorksWithoutCookieOrCsrfAsOnTheApi() {
        WebClient web = new WebClient(server.uri("/"));
        HttpResponse<String> page = web.send(HttpRequest.newBuilder(server.uri("/ui/acquisitions/" + ACQ))
                .header("Authorization", "Bearer " + viewer));
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> steer =
                web.send(HttpRequest.newBuilder(server.uri("/ui/acquisitions/" + ACQ + "/instructions"))
                        .header("Authorization", "Bearer " + viewer)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("action=skip&squares=" + SQUARE)));
        assertThat(steer.statusCode()).isEqualTo(403);
    }

    @Test
    void loggingOutClearsTheCookie() {
        WebClient web = loggedIn(viewer);
        String csrf = web.page("/").selectFirst("form.logout input[name=csrf]").attr("value");
        HttpResponse<String> out = web.postForm("/logout", List.<String[]>of(new String[] {"csrf", csrf}));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(web.cookies).doesNotContainKey(WebAuth.SESSION_COOKIE);
        assertThat(web.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void theTableDataAndTheReportNeedALoginAndAViewerGetsThem() {
        WebClient anonymous = new WebClient(server.uri("/"));
        HttpResponse<String> rows = anonymous.get("/ui/acquisitions/" + ACQ + "/table?kind=squares");
        assertThat(rows.statusCode()).isEqualTo(401);
        assertThat(rows.body()).doesNotContain(SQUARE);
        assertThat(anonymous.get("/ui/acquisitions/" + ACQ + "/report").statusCode())
                .isEqualTo(303);
        WebClient web = loggedIn(viewer);
        HttpResponse<String> viewed = web.get("/ui/acquisitions/" + ACQ + "/table?kind=squares");
        assertThat(viewed.statusCode()).isEqualTo(200);
        assertThat(viewed.body()).contains(SQUARE);
        assertThat(web.page("/ui/acquisitions/" + ACQ + "/report").select("[data-testid=report]"))
                .hasSize(1);
    }
}
