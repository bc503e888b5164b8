package io.sightline.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.sightline.core.wire.InstructionField;
import io.sightline.core.wire.InstructionType;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.auth.Principal;
import io.sightline.server.auth.Role;
import io.sightline.server.data.DataObjectStore;
import io.sightline.server.events.EventFilter;
import io.sightline.server.fastmon.FastmonStore;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.predict.PredictionStore;
import io.sightline.server.sse.SseHub;
import io.sightline.server.sse.StreamFilter;
import io.sightline.server.steering.AgentSession;
import io.sightline.server.steering.NewInstruction;
import io.sightline.server.steering.SteeringBodies;
import io.sightline.server.steering.SteeringSettings;
import io.sightline.server.steering.SteeringSignal;
import io.sightline.server.steering.SteeringStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's routes (docs/dashboard.md): four pages, the login, the page's one event stream, the
 * steering form and the static assets. Pages read through {@link Pages}; the steering form creates
 * instructions through the same store, body checks and signal as {@code POST .../instructions}.
 */
public final class WebRoutes implements ApiRoutes {
    private static final String HTML = "text/html; charset=utf-8";
    /** The assets this package ships (resources beside this class), with their content types. */
    private static final Map<String, String> ASSETS = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8",
            "maps.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "table.js", "text/javascript; charset=utf-8",
            "table.css", "text/css; charset=utf-8");

    private final Pages pages;
    private final FastmonPage fastmonPage;
    private final EntityTable table;
    private final ReportPage report;
    private final WebAuth auth;
    private final SseHub hub;
    private final SteeringStore steering;
    private final SteeringSignal signal;
    private final SteeringBodies bodies;
    private final ObjectMapper mapper;
    private final LiveRefresh live;

    public WebRoutes(
            EntityStore entities,
            SteeringStore steering,
            SteeringSettings settings,
            DataObjectStore dataObjects,
            PredictionStore predictions,
            FastmonStore fastmon,
            SteeringSignal signal,
            SteeringBodies bodies,
            SseHub hub,
            WebAuth auth,
            ObjectMapper mapper) {
        this.pages = new Pages(entities, steering, settings, dataObjects, predictions);
        this.fastmonPage = new FastmonPage(fastmon);
        this.table = new EntityTable(entities);
        this.report = new ReportPage(entities);
        this.steering = Objects.requireNonNull(steering, "steering");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.live = new LiveRefresh(
                new SharedRenders(hub::newestEventId, steering::now, LiveRefresh.MAX_AGE, LiveRefresh.MAX_PAGES));
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.get(
                "/",
                page("Dashboard: facility overview", "Agents and acquisitions, live."),
                htmlPage((ctx, who, csrf) -> pages.overview(who, csrf)));
        endpoints.get(
                "/ui/acquisitions/{acquisition_uuid}",
                page("Dashboard: acquisition", "Atlas, counts, timeline, histograms and steering.")
                        .query(
                                "colour",
                                Schema.type("string"),
                                "Colour squares by state (default), defocus, ctf, motion, particles (the mean over"
                                        + " each square's micrographs) or prediction:MODEL")
                        .problem(422, "An unknown colour or prediction model")
                        .problem(404, "No such acquisition"),
                htmlPage((ctx, who, csrf) ->
                        pages.acquisition(ctx.pathParam("acquisition_uuid"), ctx.queryParam("colour"), who, csrf)));
        endpoints.get(
                "/ui/gridsquares/{gridsquare_uuid}",
                page("Dashboard: grid square", "Foil holes at their pixel centres; ?hole= lists a hole's micrographs.")
                        .query("hole", Schema.type("string"), "A foil hole of this square whose micrographs to list")
                        .query(
                                "colour",
                                Schema.type("string"),
                                "Colour holes by acquired (default), defocus, ctf, motion or particles")
                        .problem(422, "An unknown colour")
                        .problem(404, "No such grid square, or the hole is not on it"),
                htmlPage((ctx, who, csrf) -> pages.gridSquare(
                        ctx.pathParam("gridsquare_uuid"),
                        ctx.queryParam("hole"),
                        ctx.queryParam("colour"),
                        who,
                        csrf)));
        endpoints.get(
                "/ui/fastmon",
                page("Dashboard: fast monitoring", "Runs with their STF and TF-sample counts, the newest TF samples."),
                htmlPage((ctx, who, csrf) -> fastmonPage.render(who, csrf)));
        endpoints.get(
                "/ui/micrographs/{micrograph_uuid}",
                page("Dashboard: micrograph", "The micrograph's metadata.").problem(404, "No such micrograph"),
                htmlPage((ctx, who, csrf) -> pages.micrograph(ctx.pathParam("micrograph_uuid"), who, csrf)));
        endpoints.get(
                "/ui/acquisitions/{acquisition_uuid}/micrographs.csv",
                Operation.of(
                                "Dashboard: micrographs as CSV",
                                "Every micrograph of the acquisition with its grid square and foil hole ids, time,"
                                        + " defocus (µm), CTF resolution, motion and picked particles.")
                        .answer(200, "The table", "text/csv", Schema.type("string"))
                        .problem(401, "Not logged in")
                        .problem(404, "No such acquisition"),
                ctx -> {
                    auth.require(ctx, Role.VIEWER);
                    String uuid = ctx.pathParam("acquisition_uuid");
                    String csv = pages.micrographsCsv(uuid);
                    ctx.header(
                                    "Content-Disposition",
                                    "attachment; filename=\"micrographs-" + uuid.replaceAll("[^A-Za-z0-9-]", "")
                                            + ".csv\"")
                            .header("Cache-Control", "no-store")
                            .contentType("text/csv; charset=utf-8")
                            .result(csv);
                });
        endpoints.get(
                "/ui/acquisitions/{acquisition_uuid}/table",
                Operation.of(
                                "Dashboard: the acquisition's table data",
                                "The squares, holes or micrographs of the acquisition as the page's table shows them"
                                        + " (columns, a link template and one row per entity: [uuid, parent uuid,"
                                        + " values...]), at most " + EntityTable.MAX_ROWS + " rows (truncated says"
                                        + " when there are more). Sorting, filtering and CSV export happen in the page.")
                        .query("kind", Schema.type("string"), "squares, holes or micrographs")
                        .header(
                                LiveRefresh.HEADER,
                                "The table's live refetch: the newest event id the page has received, or 'latest'."
                                        + " Answered with rows shared by every viewer of the table that reflect it"
                                        + " (its event id in " + LiveRefresh.REFLECTS_HEADER + ")")
                        .answer(200, "The rows", "application/json", Schema.type("object"))
                        .problem(400, "A live refetch header that is neither an event id nor 'latest'")
                        .problem(401, "Not logged in")
                        .problem(404, "No such acquisition")
                        .problem(422, "A missing or unknown kind"),
                ctx -> {
                    Principal who = auth.require(ctx, Role.VIEWER);
                    String acquisition = ctx.pathParam("acquisition_uuid");
                    String kind = ctx.queryParam("kind");
                    ctx.header("Cache-Control", "no-store");
                    if (ctx.header(LiveRefresh.HEADER) == null) {
                        ctx.json(table.table(acquisition, kind));
                        return;
                    }
                    // a live refetch, after each live refresh of every open table: one build per change is
                    // shared by all of them, as the page's live render is (docs/dashboard.md, "Table")
                    EntityTable.Kind.parse(kind); // a bad kind is a 422 before it names a shared render
                    SharedRenders.Render shared = live.serve(
                            ctx,
                            who,
                            stand -> ctx.jsonMapper()
                                    .toJsonString(table.table(acquisition, kind), EntityTable.Table.class));
                    ctx.header(LiveRefresh.REFLECTS_HEADER, Long.toString(shared.reflects()))
                            .contentType("application/json")
                            .result(shared.html());
                });
        endpoints.get(
                "/ui/acquisitions/{acquisition_uuid}/report",
                page("Dashboard: session report", "A printable one-page report: counts, throughput, charts, atlas.")
                        .problem(404, "No such acquisition"),
                htmlPage((ctx, who, csrf) -> report.render(ctx.pathParam("acquisition_uuid"), who, csrf)));
        endpoints.get(
                "/ui/events",
                Operation.of(
                                "Dashboard: the page's event stream",
                                "The events of one acquisition (or all), as /api/v1/events/stream, authenticated by"
                                        + " the dashboard's session cookie. Resume with Last-Event-ID.")
                        .query("acquisition", Schema.type("string"), "Only events of this acquisition")
                        .header("Last-Event-ID", "Resume after this event")
                        .answer(200, "The event stream", "text/event-stream", Schema.type("string"))
                        .problem(401, "Not logged in")
                        .problem(403, "Role below viewer"),
                ctx -> {
                    auth.require(ctx, Role.VIEWER);
                    hub.open(ctx, new StreamFilter(new EventFilter(ctx.queryParam("acquisition"), null), null));
                });
        endpoints.post(
                "/ui/acquisitions/{acquisition_uuid}/instructions",
                Operation.of(
                                "Dashboard: steer the acquisition's agent",
                                "Form post (csrf, action=skip|reorder, squares=<grid square uuid>..., session=<id>"
                                        + " optional): creates a skip or reorder instruction for the agent session"
                                        + " linked to this acquisition, or the one named (an active session linked to"
                                        + " no acquisition)."
                                        + " Steering or admin role.")
                        .answer(303, "Created; back to the acquisition page")
                        .problem(401, "Not logged in")
                        .problem(403, "Role below steering, or a missing or wrong CSRF token")
                        .problem(404, "No such acquisition, or no agent session for it")
                        .problem(409, "The session is inactive")
                        .problem(422, "No squares selected, an unknown action, or a square not in the acquisition"),
                this::steer);
        endpoints.post(
                "/ui/gridsquares/{gridsquare_uuid}/instructions",
                Operation.of(
                                "Dashboard: skip or reorder a grid square's foil holes",
                                "Form post (csrf, action=skip|reorder, holes=<foil hole uuid>..., session=<id>"
                                        + " optional): creates microscope.control.skip_foilholes (the holes not"
                                        + " acquired) or microscope.control.reorder_foilholes (the holes first, in"
                                        + " the order given) for the acquisition's agent session, as the"
                                        + " acquisition page's form. Steering or admin role.")
                        .answer(303, "Created; back to the grid square page")
                        .problem(401, "Not logged in")
                        .problem(403, "Role below steering, or a missing or wrong CSRF token")
                        .problem(404, "No such grid square, or no agent session for its acquisition")
                        .problem(409, "The session is inactive")
                        .problem(
                                422,
                                "No holes selected, an action other than skip or reorder, or a hole not on the"
                                        + " square (loc names the form field)"),
                this::steerHoles);
        endpoints.get(
                "/login",
                page("Dashboard: log in", "The token login form (not needed on an open loopback server)."),
                this::loginForm);
        endpoints.post(
                "/login",
                Operation.of("Dashboard: log in", "Form post (token, csrf): sets the HTTP-only session cookie.")
                        .answer(303, "Logged in; to the overview")
                        .answer(401, "Unknown or revoked token: the form again", "text/html", Schema.type("string"))
                        .problem(403, "Missing or wrong CSRF token"),
                this::login);
        endpoints.post(
                "/logout",
                Operation.of("Dashboard: log out", "Form post (csrf): clears the session cookie.")
                        .answer(303, "Logged out; to the login form")
                        .problem(403, "Missing or wrong CSRF token"),
                ctx -> {
                    auth.checkCsrf(ctx);
                    ctx.header("Set-Cookie", WebAuth.cookie(ctx, WebAuth.SESSION_COOKIE, "", 0));
                    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
                });
        endpoints.get(
                "/ui/assets/{name}",
                Operation.of("Dashboard: static asset", "The dashboard's script and stylesheet, cached for a day.")
                        .answer(200, "The asset", "text/javascript", Schema.type("string"))
                        .problem(404, "No such asset"),
                this::asset);
    }

    private static Operation page(String summary, String description) {
        return Operation.of(summary, description)
                .header(
                        LiveRefresh.HEADER,
                        "A live refresh: the newest event id the page has received, or 'latest'. Answered with a"
                                + " render shared by every viewer of the page that reflects it (its live regions are"
                                + " what to use; no CSRF token), its event id in " + LiveRefresh.REFLECTS_HEADER
                                + " (it shows every event"
                                + " up to it) and " + LiveRefresh.NEWEST_AT_END_HEADER + " (it shows none after it)")
                .answer(200, "The page", "text/html", Schema.type("string"))
                .problem(400, "A live refresh header that is neither an event id nor 'latest'")
                .answer(303, "Not logged in: to /login");
    }

    /** How one page is rendered for a viewer, with the CSRF token its forms carry. */
    @FunctionalInterface
    private interface PageRenderer {
        String render(Context ctx, Principal who, String csrf);
    }

    /**
     * A page for viewers and up; a browser without credentials is sent to the login form. A live refresh
     * ({@link LiveRefresh#HEADER}) is served a render shared by every viewer of the page (see
     * {@link LiveRefresh}).
     */
    private Handler htmlPage(PageRenderer renderer) {
        return ctx -> {
            if (auth.principal(ctx).isEmpty()) {
                ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            Principal who = auth.require(ctx, Role.VIEWER);
            if (ctx.header(LiveRefresh.HEADER) != null) {
                SharedRenders.Render shared = live.serve(ctx, who, principal -> renderer.render(ctx, principal, null));
                ctx.header(LiveRefresh.REFLECTS_HEADER, Long.toString(shared.reflects()))
                        .header(LiveRefresh.NEWEST_AT_END_HEADER, Long.toString(shared.newestAtEnd()));
                html(ctx, shared.html());
                return;
            }
            html(ctx, renderer.render(ctx, who, auth.csrfToken(ctx)));
        };
    }

    private static void html(Context ctx, String page) {
        ctx.header("Cache-Control", "no-store").contentType(HTML).result(page);
    }

    private void steer(Context ctx) {
        auth.require(ctx, Role.STEERING); // before anything else: a viewer learns nothing more than 403
        auth.checkCsrf(ctx);
        String acquisition = ctx.pathParam("acquisition_uuid");
        InstructionType type = action(ctx, InstructionType.SKIP_GRIDSQUARES, InstructionType.REORDER_GRIDSQUARES);
        List<String> squares = ctx.formParams("squares");
        if (squares.isEmpty()) {
            throw ApiException.unprocessable("select at least one grid square (form field 'squares')");
        }
        ObjectNode payload = mapper.createObjectNode();
        epuIds(payload.putArray("gridsquare_ids"), pages.gridSquareIds(acquisition, squares));
        send(ctx, acquisition, type, payload, "/ui/acquisitions/" + acquisition);
    }

    /** The instruction type the form's {@code action} names (422 naming the field for any other action). */
    private static InstructionType action(Context ctx, InstructionType skip, InstructionType reorder) {
        String action = ctx.formParam("action");
        if ("skip".equals(action)) {
            return skip;
        }
        if ("reorder".equals(action)) {
            return reorder;
        }
        throw ApiException.unprocessable(List.of(new ApiException.FieldError(
                List.of("form", "action"), "action must be skip or reorder, not " + quoted(action), "value_error")));
    }

    private void steerHoles(Context ctx) {
        auth.require(ctx, Role.STEERING); // before anything else: a viewer learns nothing more than 403
        auth.checkCsrf(ctx);
        InstructionType type = action(ctx, InstructionType.SKIP_FOILHOLES, InstructionType.REORDER_FOILHOLES);
        List<String> holes = ctx.formParams("holes");
        if (holes.isEmpty()) {
            throw ApiException.unprocessable(List.of(
                    new ApiException.FieldError(List.of("form", "holes"), "select at least one foil hole", "missing")));
        }
        Pages.HoleTargets targets = pages.foilHoleIds(ctx.pathParam("gridsquare_uuid"), holes);
        ObjectNode payload = mapper.createObjectNode();
        payload.set("gridsquare_id", epuId(targets.gridsquareId()));
        epuIds(payload.putArray("foilhole_ids"), targets.foilholeIds());
        send(ctx, targets.acquisitionUuid(), type, payload, "/ui/gridsquares/" + targets.gridsquareUuid());
    }

    private void epuIds(ArrayNode list, List<String> ids) {
        ids.forEach(id -> list.add(epuId(id)));
    }

    /** An EPU id as a number when it is one (the agent's Athena wants int32 area ids), else as given. */
    private com.fasterxml.jackson.databind.JsonNode epuId(String id) {
        return id.matches("\\d{1,18}")
                ? mapper.getNodeFactory().numberNode(Long.parseLong(id))
                : mapper.getNodeFactory().textNode(id);
    }

    /**
     * Creates {@code type} with {@code payload} for the agent session that steers {@code acquisition} (the
     * form's {@code session}, else the default), through the store, body checks and signal the API uses;
     * answers the id to the page's script, or sends a form post back to {@code page}.
     */
    private void send(Context ctx, String acquisition, InstructionType type, ObjectNode payload, String page) {
        String sessionId = ctx.formParam("session");
        AgentSession session = pages.sessionOf(acquisition, sessionId)
                .orElseThrow(() -> sessionId == null
                        ? ApiException.notFound("no agent session can steer acquisition " + acquisition)
                        : ApiException.unprocessable("session " + quoted(sessionId) + " is not linked to acquisition "
                                + acquisition + " nor an active unlinked session"));
        if (!session.active()) {
            throw ApiException.conflict("session " + session.sessionId() + " is inactive: cannot create instructions");
        }
        if (session.acquisitionUuid() == null) {
            // from now on the session is this acquisition's, so its instructions' lifecycle events (filed
            // under the session's acquisition) reach this acquisition's page stream
            session = steering.linkAcquisition(session.sessionId(), acquisition).orElse(session);
        }
        ObjectNode body = mapper.createObjectNode();
        body.put(InstructionField.INSTRUCTION_TYPE.wireName(), type.wireName());
        body.set(InstructionField.PAYLOAD.wireName(), payload);
        NewInstruction request = bodies.newInstruction(body);
        SteeringStore.Created created = steering.createInstruction(session, request, bodies::samePayload);
        if (created.created()) {
            signal.signal(session.sessionId());
        }
        if (ctx.header(WebAuth.CSRF_HEADER) != null) {
            // the page's script posted it: answer with the id instead of a page to follow
            ctx.status(201).json(Map.of("instruction_id", created.instruction().instructionId()));
        } else {
            ctx.redirect(page, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    private static String quoted(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }

    private void loginForm(Context ctx) {
        loginPage(ctx, 200, null);
    }

    private void loginPage(Context ctx, int status, String message) {
        String csrf = auth.newLoginCsrf();
        ctx.header("Set-Cookie", WebAuth.cookie(ctx, WebAuth.LOGIN_CSRF_COOKIE, csrf, 600));
        Html h = new Html();
        h.raw("<section class=\"login\"><h2>Log in</h2>");
        if (message != null) {
            h.raw("<p class=\"error\" role=\"alert\">").text(message).raw("</p>");
        }
        h.raw("<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\"")
                .attr("value", csrf)
                .raw("><label>API token (viewer, steering or admin) <input name=\"token\" type=\"password\""
                        + " autocomplete=\"current-password\" required autofocus></label> ")
                .raw("<button type=\"submit\">Log in</button></form>")
                .raw("<p>Create one with <code>sightline token create --role viewer --name NAME</code>.</p></section>");
        ctx.status(status);
        html(ctx, Layout.page("Log in", null, null, null, h.toString()));
    }

    private void login(Context ctx) {
        WebAuth.checkLoginCsrf(ctx);
        String token = ctx.formParam("token");
        var who = token == null || token.isBlank() ? java.util.Optional.<Principal>empty() : auth.verify(token);
        if (who.isEmpty() || !who.get().has(Role.VIEWER)) {
            loginPage(ctx, 401, "That token is unknown, revoked, or not a viewer, steering or admin token.");
            return;
        }
        ctx.header("Set-Cookie", WebAuth.cookie(ctx, WebAuth.SESSION_COOKIE, token.strip(), -1));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String type = ASSETS.get(name);
        if (type == null) {
            throw ApiException.notFound("no dashboard asset named " + quoted(name));
        }
        try (InputStream in = WebRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("asset " + name + " is missing from the server's jar");
            }
            ctx.header("Cache-Control", "public, max-age=86400")
                    .contentType(type)
                    .result(in.readAllBytes());
        }
    }
}
