package io.sightline.server.web;

import io.sightline.server.auth.Principal;
import io.sightline.server.data.DataObject;
import io.sightline.server.data.DataObjectStore;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.predict.PredictionStore;
import io.sightline.server.steering.AgentConnection;
import io.sightline.server.steering.AgentReport;
import io.sightline.server.steering.AgentSession;
import io.sightline.server.steering.Instruction;
import io.sightline.server.steering.InstructionStatus;
import io.sightline.server.steering.SteeringSettings;
import io.sightline.server.steering.SteeringStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The dashboard's pages, rendered from the same stores the REST API reads ({@link EntityStore},
 * {@link SteeringStore}); there is no second data path. Each element the browser tests select on carries
 * a {@code data-*} attribute named in docs/dashboard.md; regions a live update replaces carry an
 * {@code id} and {@code data-live}.
 */
final class Pages {
    private final EntityStore entities;
    private final SteeringStore steering;
    private final SteeringSettings settings;
    private final DataObjectStore dataObjects;
    private final PredictionStore predictions;

    Pages(
            EntityStore entities,
            SteeringStore steering,
            SteeringSettings settings,
            DataObjectStore dataObjects,
            PredictionStore predictions) {
        this.entities = Objects.requireNonNull(entities, "entities");
        this.predictions = Objects.requireNonNull(predictions, "predictions");
        this.dataObjects = Objects.requireNonNull(dataObjects, "dataObjects");
        this.steering = Objects.requireNonNull(steering, "steering");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    // ------------------------------------------------------------------------------------ overview

    String overview(Principal who, String csrf) {
        Html h = new Html();
        h.raw("<section id=\"agents\" data-live><h2>Microscopes (agents)</h2>");
        h.raw("<table data-testid=\"agents\"><thead><tr><th>agent</th><th>state</th><th>session</th>"
                + "<th>outbox depth</th><th>oldest undelivered</th><th>last error</th></tr></thead><tbody>");
        for (AgentRow a : agents()) {
            h.raw("<tr")
                    .attr("data-agent-id", a.agentId())
                    .raw("><td>")
                    .text(a.agentId())
                    .raw("</td>");
            h.raw("<td data-field=\"state\"")
                    .attr("class", "state-" + a.state())
                    .raw(">")
                    .text(a.state())
                    .raw("</td>");
            h.raw("<td data-field=\"session\">");
            if (a.session() != null) {
                if (a.session().acquisitionUuid() != null) {
                    h.raw("<a")
                            .attr("href", "/ui/acquisitions/" + a.session().acquisitionUuid())
                            .raw(">")
                            .text(a.session().name())
                            .raw("</a>");
                } else {
                    h.text(a.session().name());
                }
            } else {
                h.raw("—");
            }
            h.raw("</td><td data-field=\"outbox-depth\">")
                    .text(a.report() == null ? "—" : a.report().outbox().depth())
                    .raw("</td><td data-field=\"oldest-undelivered-age\">")
                    .text(
                            a.report() == null || a.report().outbox().oldestUndeliveredSeconds() == null
                                    ? "—"
                                    : Layout.number(a.report().outbox().oldestUndeliveredSeconds()) + " s")
                    .raw("</td><td data-field=\"last-error\">")
                    .text(
                            a.report() == null || a.report().outbox().newestParked() == null
                                    ? "—"
                                    : a.report().outbox().newestParked())
                    .raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");

        Map<String, EntityStore.AcquisitionFigures> figures = entities.acquisitionFigures().stream()
                .collect(Collectors.toMap(EntityStore.AcquisitionFigures::acquisitionUuid, f -> f));
        h.raw("<section id=\"acquisitions\" data-live><h2>Acquisitions</h2>");
        h.raw("<table data-testid=\"acquisitions\"><thead><tr><th>acquisition</th><th>status</th>"
                + "<th>squares</th><th>holes</th><th>micrographs</th><th>micrographs / h</th>"
                + "<th>last file</th></tr></thead><tbody>");
        List<Entity> acquisitions = new ArrayList<>(entities.list(EntityKind.ACQUISITION));
        acquisitions.sort(Comparator.comparing((Entity a) ->
                        Optional.ofNullable((Instant) a.get("start_time")).orElse(Instant.EPOCH))
                .reversed());
        for (Entity a : acquisitions) {
            EntityStore.AcquisitionFigures f =
                    figures.getOrDefault(a.uuid(), new EntityStore.AcquisitionFigures(a.uuid(), 0, 0, 0, null, null));
            h.raw("<tr")
                    .attr("data-acquisition-uuid", a.uuid())
                    .raw("><td><a")
                    .attr("href", "/ui/acquisitions/" + a.uuid())
                    .raw(">")
                    .text(a.get("name"))
                    .raw("</a></td><td>")
                    .text(a.get("status") == null ? "—" : a.get("status"))
                    .raw("</td>");
            h.raw("<td data-count=\"squares\">").text(f.squares()).raw("</td>");
            h.raw("<td data-count=\"holes\">").text(f.holes()).raw("</td>");
            h.raw("<td data-count=\"micrographs\">").text(f.micrographs()).raw("</td>");
            h.raw("<td data-field=\"micrographs-per-hour\">").text(perHour(f)).raw("</td>");
            h.raw("<td data-field=\"last-file-time\">");
            Layout.time(h, f.lastMicrograph());
            h.raw("</td></tr>");
        }
        h.raw("</tbody></table></section>");
        h.raw("<p><a href=\"/ui/fastmon\" data-testid=\"fastmon-link\">Fast monitoring: runs, STF files and TF"
                + " samples</a></p>");
        return Layout.page("Facility overview", "/ui/events", who, csrf, h.toString());
    }

    record AgentRow(String agentId, String state, AgentSession session, AgentReport report) {}

    /**
     * Every agent the server has heard of, with its state: online while a steering connection is open
     * and its last heartbeat is younger than the stale limit, stale when the connection is open but
     * quiet, offline without an open connection.
     */
    List<AgentRow> agents() {
        Instant now = steering.now();
        Map<String, AgentReport> reports = new HashMap<>();
        steering.reports().forEach(r -> reports.put(r.agentId(), r));
        Map<String, AgentSession> sessions = new HashMap<>();
        for (AgentSession s : steering.sessions()) {
            sessions.merge(s.agentId(), s, Pages::preferred);
        }
        Map<String, Instant> heartbeats = new HashMap<>();
        for (AgentConnection c : steering.activeConnections()) {
            heartbeats.merge(c.agentId(), c.lastHeartbeatAt(), (x, y) -> x.isAfter(y) ? x : y);
        }
        Set<String> ids = new java.util.TreeSet<>();
        ids.addAll(reports.keySet());
        ids.addAll(sessions.keySet());
        ids.addAll(heartbeats.keySet());
        List<AgentRow> out = new ArrayList<>();
        for (String id : ids) {
            Instant beat = heartbeats.get(id);
            String state = beat == null
                    ? "offline"
                    : Duration.between(beat, now).compareTo(settings.staleAfter()) > 0 ? "stale" : "online";
            out.add(new AgentRow(id, state, sessions.get(id), reports.get(id)));
        }
        return out;
    }

    /** The session to show for an agent: an active one before an inactive one, then the newest. */
    private static AgentSession preferred(AgentSession a, AgentSession b) {
        if (a.active() != b.active()) {
            return a.active() ? a : b;
        }
        return a.createdAt().isAfter(b.createdAt()) ? a : b;
    }

    /** Micrographs per hour between the first and the last micrograph ("—" until there is a span). */
    static String perHour(EntityStore.AcquisitionFigures f) {
        if (f.firstMicrograph() == null || f.micrographs() < 2) {
            return "—";
        }
        double hours = Duration.between(f.firstMicrograph(), f.lastMicrograph()).toMillis() / 3_600_000.0;
        return hours <= 0 ? "—" : String.format(java.util.Locale.ROOT, "%.0f", (f.micrographs() - 1) / hours);
    }

    // --------------------------------------------------------------------------------- acquisition

    String acquisition(String uuid, String colourKey, Principal who, String csrf) {
        Entity acquisition = entities.get(EntityKind.ACQUISITION, uuid);
        uuid = acquisition.uuid(); // an alias names its entity
        List<String> models = predictions.models().stream()
                .map(io.sightline.server.predict.Predictions.Model::name)
                .toList();
        AtlasColour colour = AtlasColour.parse(colourKey, models);
        List<Entity> squares = entities.listByAcquisition(EntityKind.GRIDSQUARE, uuid);
        Map<String, EntityStore.SquareFigures> figures = entities.squareFigures(uuid);
        List<Entity> micrographs = entities.listByAcquisition(EntityKind.MICROGRAPH, uuid);
        Instant newest = newestMicrograph(micrographs);
        Bins defocusBins = defocusBins(defocusMicrometres(micrographs));
        AtlasOverlay overlay = AtlasOverlay.of(
                colour,
                micrographsBySquare(uuid, micrographs),
                colour instanceof AtlasColour.ByPrediction(String model) ? predictedSquares(model, squares) : Map.of(),
                new AtlasOverlay.ChartBins(
                        defocusBins,
                        metricBins(micrographs, "ctf_max_resolution_estimate"),
                        metricBins(micrographs, "total_motion")),
                firstHour(micrographs));
        boolean steer = WebAuth.maySteer(who);
        Html h = new Html();
        h.raw("<section id=\"summary\" data-live class=\"counts\"><h2>")
                .text(acquisition.get("name"))
                .raw("</h2>");
        h.raw("<p>Squares <strong data-testid=\"count-squares\">")
                .text(squares.size())
                .raw("</strong> · holes <strong data-testid=\"count-holes\">")
                .text(figures.values().stream()
                        .mapToLong(EntityStore.SquareFigures::holes)
                        .sum())
                .raw("</strong> · micrographs <strong data-testid=\"count-micrographs\">")
                .text(micrographs.size())
                .raw("</strong> · last file ");
        Layout.time(h, newest);
        h.raw("</p></section>");

        h.raw("<div class=\"columns\"><section id=\"atlas-map\" data-live><h3>Atlas</h3>");
        atlas(h, squares, figures, newest, steer, overlay, atlasImages(uuid));
        if (colour == null) {
            legend(h);
        } else {
            ColourScale.legend(h, colour.label(), overlay.scale(), "no value: white, dashed");
        }
        h.raw("</section><section id=\"charts\" data-live>");
        charts(h, micrographs);
        h.raw("</section></div>");
        MapTools.atlasTools(h, colour, models);
        h.raw("<p><a data-testid=\"micrographs-csv\"")
                .attr("href", "/ui/acquisitions/" + uuid + "/micrographs.csv")
                .raw(" download>Micrographs as CSV</a> · <a data-testid=\"report-link\"")
                .attr("href", "/ui/acquisitions/" + uuid + "/report")
                .raw(">Printable session report</a></p>");
        EntityTable.panel(h, uuid);
        if (steer) {
            steeringPanel(h, uuid, csrf);
        }
        return Layout.page(
                "Acquisition " + acquisition.get("name"), "/ui/events?acquisition=" + uuid, who, csrf, h.toString());
    }

    /** The time of the newest micrograph, or null when there is none. */
    static Instant newestMicrograph(List<Entity> micrographs) {
        return micrographs.stream()
                .map(m -> (Instant) m.get("acquisition_datetime"))
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    private static List<Double> defocusMicrometres(List<Entity> micrographs) {
        return values(micrographs, "defocus").stream().map(Pages::micrometres).toList();
    }

    /** The defocus histogram's bars; the atlas's per-square bins (linked selection) are counted in the same. */
    private static Bins defocusBins(List<Double> defocus) {
        return Bins.spanning(defocus, 20);
    }

    /**
     * The acquisition's charts: micrographs per hour, defocus (brushable), and CTF and motion where they exist.
     */
    static void charts(Html h, List<Entity> micrographs) {
        Charts.bars(h, "timeline", "Micrographs per hour", timeline(micrographs));
        List<Double> defocus = defocusMicrometres(micrographs);
        Bins defocusBins = defocusBins(defocus);
        Charts.brushableHistogram(
                h, "defocus-histogram", "Defocus (µm)", Charts.histogram(defocus, defocusBins, "µm"), defocusBins);
        List<Double> ctf = values(micrographs, "ctf_max_resolution_estimate");
        if (!ctf.isEmpty()) {
            Charts.bars(h, "ctf-histogram", "CTF max resolution (Å)", Charts.histogram(ctf, 20, "Å"));
        }
        List<Double> motion = values(micrographs, "total_motion");
        if (!motion.isEmpty()) {
            Charts.bars(h, "motion-histogram", "Total motion (Å)", Charts.histogram(motion, 20, "Å"));
        }
    }

    /** The bins {@link #charts} draws a metric's histogram in (null without a value): squares name theirs. */
    private static Bins metricBins(List<Entity> micrographs, String column) {
        return Bins.spanning(values(micrographs, column), 20);
    }

    /** An atlas image to draw under the squares: its grid and the atlas frame (atlas pixels) it spans. */
    private record AtlasImage(String gridUuid, double width, double height) {}

    /**
     * The atlas images of the acquisition's grids (those with a registered atlas data object), each spanning
     * the atlas frame the squares' positions are in: the tiles' extent, else the image's own pixel size.
     */
    private List<AtlasImage> atlasImages(String acquisitionUuid) {
        List<Entity> tiles = entities.listByAcquisition(EntityKind.ATLAS_TILE, acquisitionUuid);
        List<AtlasImage> out = new ArrayList<>();
        for (Entity atlas : entities.listByAcquisition(EntityKind.ATLAS, acquisitionUuid)) {
            String grid = (String) atlas.get("grid_uuid");
            Optional<DataObject> image = grid == null ? Optional.empty() : dataObjects.atlasImageOf(grid);
            if (image.isEmpty()) {
                continue;
            }
            double width = 0, height = 0;
            for (Entity t : tiles) {
                if (atlas.uuid().equals(t.get("atlas_uuid"))
                        && t.get("position_x") != null
                        && t.get("position_y") != null
                        && t.get("size_x") != null
                        && t.get("size_y") != null) {
                    width = Math.max(
                            width,
                            ((Number) t.get("position_x")).doubleValue() + ((Number) t.get("size_x")).doubleValue());
                    height = Math.max(
                            height,
                            ((Number) t.get("position_y")).doubleValue() + ((Number) t.get("size_y")).doubleValue());
                }
            }
            List<Integer> shape = image.get().shape();
            if ((width <= 0 || height <= 0) && shape != null && shape.size() >= 2) {
                width = shape.get(shape.size() - 1); // [rows, columns]
                height = shape.get(shape.size() - 2);
            }
            if (width > 0 && height > 0) {
                out.add(new AtlasImage(grid, width, height));
            }
        }
        return out;
    }

    /** Each square's micrographs (through their foil holes), by square uuid. */
    private Map<String, List<Entity>> micrographsBySquare(String acquisitionUuid, List<Entity> micrographs) {
        Map<String, String> squareOf = entities.squareOfEachMicrograph(acquisitionUuid);
        Map<String, List<Entity>> out = new HashMap<>();
        for (Entity m : micrographs) {
            String square = squareOf.get(m.uuid());
            if (square != null) {
                out.computeIfAbsent(square, k -> new ArrayList<>()).add(m);
            }
        }
        return out;
    }

    /**
     * Each square's value from {@code model}: its newest prediction about the square itself, else the mean
     * of the newest about each of its holes.
     */
    private Map<String, Double> predictedSquares(String model, List<Entity> squares) {
        Map<String, Double> out = new HashMap<>();
        Set<String> grids = squares.stream()
                .map(Entity::parentUuid)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        for (String grid : grids) {
            List<io.sightline.server.predict.Predictions.Prediction> own =
                    predictions.latestForGridSquares(model, grid);
            own.forEach(p -> out.put(p.gridsquareUuid(), p.value()));
            if (own.isEmpty()) {
                predictions.latestForGrid(model, grid).stream()
                        .filter(p -> p.gridsquareUuid() != null)
                        .collect(Collectors.groupingBy(
                                io.sightline.server.predict.Predictions.Prediction::gridsquareUuid,
                                Collectors.averagingDouble(io.sightline.server.predict.Predictions.Prediction::value)))
                        .forEach(out::putIfAbsent);
            }
        }
        return out;
    }

    static void atlas(
            Html h,
            List<Entity> squares,
            Map<String, EntityStore.SquareFigures> figures,
            Instant newest,
            boolean selectable,
            AtlasOverlay overlay,
            List<AtlasImage> images) {
        List<Entity> placed = squares.stream()
                .filter(s -> s.get("center_x") != null && s.get("center_y") != null)
                .toList();
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Entity s : placed) {
            double[] r = rect(s);
            minX = Math.min(minX, r[0]);
            minY = Math.min(minY, r[1]);
            maxX = Math.max(maxX, r[0] + r[2]);
            maxY = Math.max(maxY, r[1] + r[3]);
        }
        if (placed.isEmpty()) {
            minX = minY = 0;
            maxX = maxY = 100;
        }
        double pad = Math.max(maxX - minX, maxY - minY) * 0.02;
        h.raw("<svg data-testid=\"atlas\" class=\"map\" role=\"group\" aria-label=\"Atlas: grid squares\"")
                .attr(
                        "viewBox",
                        Charts.fmt(minX - pad) + " " + Charts.fmt(minY - pad) + " " + Charts.fmt(maxX - minX + 2 * pad)
                                + " " + Charts.fmt(maxY - minY + 2 * pad))
                .raw(">");
        // the atlas frame starts at 0,0 (as the tiles' and squares' positions): the image is drawn there, under
        // the squares, and the view stays on the squares
        for (AtlasImage image : images) {
            h.raw("<image data-testid=\"atlas-image\" x=\"0\" y=\"0\" preserveAspectRatio=\"none\"")
                    .attr("data-grid-uuid", image.gridUuid())
                    .attr("width", Charts.fmt(image.width()))
                    .attr("height", Charts.fmt(image.height()))
                    .attr("href", "/grids/" + image.gridUuid() + "/atlas_image?size=1024")
                    .raw("></image>");
        }
        for (Entity s : placed) {
            EntityStore.SquareFigures f = figures.get(s.uuid());
            SquareState state = SquareState.of(s, f, newest);
            double[] r = rect(s);
            h.raw("<a")
                    .attr("href", "/ui/gridsquares/" + s.uuid())
                    .attr("data-square-link", s.uuid())
                    .raw(">");
            h.raw("<rect")
                    .attr("data-square-uuid", s.uuid())
                    .attr("data-gridsquare-id", s.get("gridsquare_id"))
                    .attr("data-state", state.wire())
                    .attr("class", "square " + state.wire())
                    .attr("data-defocus-bins", overlay.defocusBins().get(s.uuid()))
                    .attr("data-ctf-bins", overlay.ctfBins().get(s.uuid()))
                    .attr("data-motion-bins", overlay.motionBins().get(s.uuid()))
                    .attr("data-hour-bins", overlay.hourBins().get(s.uuid()));
            Double value = overlay.values().get(s.uuid());
            if (overlay.colour() != null) {
                h.attr("data-metric-value", value)
                        .attr("data-no-value", value == null ? "true" : null)
                        .attr(
                                "style",
                                value == null ? null : "fill:" + overlay.scale().fill(value));
            }
            h.attr("x", Charts.fmt(r[0]))
                    .attr("y", Charts.fmt(r[1]))
                    .attr("width", Charts.fmt(r[2]))
                    .attr("height", Charts.fmt(r[3]))
                    .raw("><title>")
                    .text("square " + s.get("gridsquare_id") + " · " + state.label() + " · "
                            + (f == null ? 0 : f.holes()) + " holes · " + (f == null ? 0 : f.micrographs())
                            + " micrographs"
                            + (overlay.colour() == null
                                    ? ""
                                    : " · " + overlay.colour().label() + " " + Layout.number(value)))
                    .raw("</title></rect></a>");
        }
        h.raw("</svg>");
        if (placed.size() < squares.size()) {
            h.raw("<p class=\"note\">")
                    .text(squares.size() - placed.size() + " squares have no atlas position yet.")
                    .raw("</p>");
        }
        if (selectable) {
            h.raw("<details class=\"square-list\"><summary>Select squares by list</summary><ul>");
            for (Entity s : squares) {
                h.raw("<li><label><input type=\"checkbox\" name=\"squares\" form=\"steering-form\"")
                        .attr("value", s.uuid())
                        .attr("data-select-square", s.uuid())
                        .raw("> square ")
                        .text(s.get("gridsquare_id"))
                        .raw("</label></li>");
            }
            h.raw("</ul></details>");
        }
    }

    /** x, y, width, height of a square on the atlas: its centre and size in atlas pixels. */
    private static double[] rect(Entity s) {
        double cx = ((Number) s.get("center_x")).doubleValue();
        double cy = ((Number) s.get("center_y")).doubleValue();
        double w = s.get("size_width") == null ? 1 : ((Number) s.get("size_width")).doubleValue();
        double hh = s.get("size_height") == null ? w : ((Number) s.get("size_height")).doubleValue();
        return new double[] {cx - w / 2, cy - hh / 2, w, hh};
    }

    static void legend(Html h) {
        h.raw("<ul class=\"legend\" data-testid=\"legend\">");
        for (SquareState s : SquareState.values()) {
            h.raw("<li><span")
                    .attr("class", "swatch " + s.wire())
                    .raw("></span>")
                    .text(s.label())
                    .raw("</li>");
        }
        h.raw("</ul>");
    }

    /** The hour of the first micrograph: the timeline's first bar (null without times). */
    private static Instant firstHour(List<Entity> micrographs) {
        return micrographs.stream()
                .map(m -> (Instant) m.get("acquisition_datetime"))
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .map(t -> t.truncatedTo(ChronoUnit.HOURS))
                .orElse(null);
    }

    private static List<Charts.Bar> timeline(List<Entity> micrographs) {
        TreeMap<Instant, Long> perHour = new TreeMap<>();
        for (Entity m : micrographs) {
            Instant t = (Instant) m.get("acquisition_datetime");
            if (t != null) {
                perHour.merge(t.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
            }
        }
        List<Charts.Bar> bars = new ArrayList<>();
        if (perHour.isEmpty()) {
            return bars;
        }
        for (Instant hour = perHour.firstKey();
                !hour.isAfter(perHour.lastKey());
                hour = hour.plus(1, ChronoUnit.HOURS)) {
            bars.add(new Charts.Bar(hour + " (UTC)", perHour.getOrDefault(hour, 0L), hour));
        }
        return bars;
    }

    /**
     * EPU writes defocus in metres (-1.7E-6); a value already above a millimetre in size is taken as given
     * in micrometres (SmartEM clients send either).
     */
    static double micrometres(double defocus) {
        return Math.abs(defocus) < 1e-3 ? defocus * 1e6 : defocus;
    }

    private static List<Double> values(List<Entity> rows, String column) {
        return rows.stream()
                .map(r -> r.get(column))
                .filter(v -> v instanceof Number)
                .map(v -> ((Number) v).doubleValue())
                .toList();
    }

    /**
     * The agent sessions that may steer this acquisition, the default first: those linked to it (an
     * active one, then the newest), then active sessions linked to no acquisition, newest first (an
     * agent opens its session before it has seen the acquisition, so most sessions name none). Sessions
     * linked to another acquisition are never offered.
     */
    List<AgentSession> steerableSessions(String acquisitionUuid) {
        List<AgentSession> all = steering.sessions();
        List<AgentSession> out = new ArrayList<>();
        all.stream()
                .filter(s -> acquisitionUuid.equals(s.acquisitionUuid()))
                .reduce(Pages::preferred)
                .ifPresent(out::add);
        all.stream()
                .filter(s -> s.acquisitionUuid() == null && s.active())
                .sorted(Comparator.comparing(AgentSession::createdAt).reversed())
                .forEach(out::add);
        return out;
    }

    /** The session a steering post goes to: the one named (if it may steer this acquisition), else the default. */
    Optional<AgentSession> sessionOf(String acquisitionUuid, String sessionId) {
        List<AgentSession> candidates = steerableSessions(acquisitionUuid);
        if (sessionId == null || sessionId.isBlank()) {
            return candidates.stream().findFirst();
        }
        return candidates.stream().filter(s -> s.sessionId().equals(sessionId)).findFirst();
    }

    private void steeringPanel(Html h, String acquisitionUuid, String csrf) {
        List<AgentSession> sessions = steerableSessions(acquisitionUuid);
        h.raw("<section data-testid=\"steering\" class=\"steering\"><h3>Steering</h3>");
        if (sessions.isEmpty()) {
            h.raw("<p>No agent session to steer: none is linked to this acquisition and no agent has an active"
                    + " session.</p></section>");
            return;
        }
        h.raw("<form id=\"steering-form\" method=\"post\"")
                .attr("action", "/ui/acquisitions/" + acquisitionUuid + "/instructions")
                .raw(">");
        sessionChoice(h, sessions, csrf);
        h.raw("<label><input type=\"checkbox\" data-action=\"select-mode\"> select mode (click squares on the"
                        + " atlas to select them)</label> <span data-testid=\"selection\">0 selected</span> ")
                .raw(
                        "<button type=\"submit\" name=\"action\" value=\"skip\" data-action=\"skip\">Skip selected</button> ")
                .raw("<button type=\"submit\" name=\"action\" value=\"reorder\" data-action=\"reorder\">"
                        + "Acquire selected first (in selection order)</button></form>");
        instructionLog(h, sessions.getFirst());
        h.raw("</section>");
    }

    /**
     * The grid square page's steering: holes are selected in select mode (a click on the map, or Enter on a
     * hole focused with Tab), in the order picked, and sent as {@code microscope.control.skip_foilholes} or
     * {@code microscope.control.reorder_foilholes}. No checkbox list as on the atlas: 570 holes would cost the
     * page ~85 KB of its 300 KB budget.
     */
    private void holeSteeringPanel(Html h, Entity square, String csrf) {
        List<AgentSession> sessions = steerableSessions(square.acquisitionUuid());
        h.raw("<section data-testid=\"steering\" class=\"steering\"><h3>Steering</h3>");
        if (sessions.isEmpty()) {
            h.raw("<p>No agent session to steer: none is linked to this acquisition and no agent has an active"
                    + " session.</p></section>");
            return;
        }
        h.raw("<form id=\"hole-steering-form\" method=\"post\"")
                .attr("action", "/ui/gridsquares/" + square.uuid() + "/instructions")
                .raw(">");
        sessionChoice(h, sessions, csrf);
        h.raw("<label><input type=\"checkbox\" data-action=\"select-holes-mode\"> select mode (click holes on the"
                        + " map to select them)</label> <span data-testid=\"hole-selection\">0 selected</span> ")
                .raw("<button type=\"submit\" name=\"action\" value=\"skip\" data-action=\"skip-holes\">"
                        + "Skip selected holes</button> ")
                .raw("<button type=\"submit\" name=\"action\" value=\"reorder\" data-action=\"reorder-holes\">"
                        + "Acquire selected holes first (in selection order)</button></form>");
        instructionLog(h, sessions.getFirst());
        h.raw("</section>");
    }

    /** The CSRF field and the agent session to send to, the default first (the form's opening part). */
    private static void sessionChoice(Html h, List<AgentSession> sessions, String csrf) {
        AgentSession s = sessions.getFirst();
        h.raw("<input type=\"hidden\" name=\"csrf\"")
                .attr("value", csrf)
                .raw("><p><label>Send to <select name=\"session\">");
        for (AgentSession option : sessions) {
            h.raw("<option")
                    .attr("value", option.sessionId())
                    .raw(option == s ? " selected>" : ">")
                    .text("agent " + option.agentId() + " · session " + option.name()
                            + (option.active() ? "" : " (inactive: instructions are refused)"))
                    .raw("</option>");
        }
        h.raw("</select></label></p>");
    }

    /** The default session's instructions, newest first, in a live region (their lifecycle follows events). */
    private void instructionLog(Html h, AgentSession s) {
        h.raw("<div id=\"instruction-log\" data-live><table data-testid=\"instruction-log\"><thead><tr><th>created</th>"
                + "<th>type</th><th>payload</th><th>status</th><th>result / reason</th></tr></thead><tbody>");
        List<Instruction> instructions = new ArrayList<>(steering.instructions(s.sessionId()));
        instructions.sort(Comparator.comparing(Instruction::createdAt).reversed());
        for (Instruction i : instructions) {
            h.raw("<tr").attr("data-instruction-id", i.instructionId()).raw("><td>");
            Layout.time(h, i.createdAt());
            h.raw("</td><td>")
                    .text(i.instructionType())
                    .raw("</td><td><code>")
                    .text(i.payloadJson())
                    .raw("</code></td><td data-field=\"status\">")
                    .text(status(i))
                    .raw("</td><td>")
                    .text(
                            i.ackErrorMessage() != null
                                    ? i.ackErrorMessage()
                                    : i.ackResult() == null ? "" : i.ackResult())
                    .raw("</td></tr>");
        }
        h.raw("</tbody></table></div>");
    }

    /** The lifecycle word a person reads: an acknowledged instruction shows how it was acknowledged. */
    static String status(Instruction i) {
        if (i.status() == InstructionStatus.ACKNOWLEDGED && i.ackStatus() != null) {
            return i.ackStatus().wireName();
        }
        return i.status().wire();
    }

    // -------------------------------------------------------------------------------- grid square

    String gridSquare(String uuid, String selectedHole, String colour, Principal who, String csrf) {
        Metric metric = Metric.parse(colour);
        Entity square = entities.get(EntityKind.GRIDSQUARE, uuid);
        uuid = square.uuid();
        List<Entity> holes = entities.listByParent(EntityKind.FOILHOLE, uuid);
        Map<String, List<Entity>> byHole = new LinkedHashMap<>();
        for (Entity m : entities.micrographsOfGridSquare(uuid)) {
            byHole.computeIfAbsent(m.parentUuid(), k -> new ArrayList<>()).add(m);
        }
        Html h = new Html();
        h.raw("<p><a")
                .attr("href", "/ui/acquisitions/" + square.acquisitionUuid())
                .raw(">← acquisition</a></p>");
        h.raw("<section id=\"square-summary\" data-live><h2>Grid square ")
                .text(square.get("gridsquare_id"))
                .raw("</h2><p>Foil holes <strong data-testid=\"count-holes\">")
                .text(holes.size())
                .raw("</strong> · acquired <strong data-testid=\"count-acquired-holes\">")
                .text(byHole.size())
                .raw("</strong> · micrographs <strong data-testid=\"count-micrographs\">")
                .text(byHole.values().stream().mapToInt(List::size).sum())
                .raw("</strong></p></section>");
        List<Entity> ofSquare = byHole.values().stream().flatMap(List::stream).toList();
        List<Double> defocus =
                values(ofSquare, "defocus").stream().map(Pages::micrometres).toList();
        Bins defocusBins = Bins.spanning(defocus, 20);
        h.raw("<div class=\"columns\"><section id=\"square-map-section\" data-live>");
        ColourScale scale =
                squareMap(h, uuid, holes, byHole, dataObjects.latestFor(uuid, "gridsquare"), metric, defocusBins);
        h.raw("<form class=\"colour-by\" method=\"get\"><label>Colour holes by <select name=\"colour\""
                + " data-action=\"colour-by\" onchange=\"this.form.submit()\">");
        h.raw("<option value=\"acquired\"")
                .raw(metric == null ? " selected" : "")
                .raw(">acquired or not</option>");
        for (Metric m : Metric.values()) {
            h.raw("<option")
                    .attr("value", m.key)
                    .raw(m == metric ? " selected>" : ">")
                    .text(m.label)
                    .raw("</option>");
        }
        h.raw("</select></label> <noscript><button type=\"submit\">Show</button></noscript></form>");
        if (metric == null) {
            h.raw("<ul class=\"legend\"><li><span class=\"swatch hole\"></span>foil hole</li>"
                    + "<li><span class=\"swatch hole acquired\"></span>acquired</li>"
                    + "<li><span class=\"swatch hole near-bar\"></span>near a grid bar</li></ul>");
        } else {
            ColourScale.legend(h, metric.label, scale, "holes without a value stay white");
        }
        h.raw("</section>");
        h.raw("<section id=\"square-charts\" data-live>");
        Charts.bars(h, "defocus-histogram", "Defocus (µm)", Charts.histogram(defocus, defocusBins, "µm"), true);
        h.raw("</section>");
        h.raw("<section id=\"hole-micrographs\" data-testid=\"hole-micrographs\" aria-live=\"polite\">");
        if (selectedHole != null) {
            Entity hole = holes.stream()
                    .filter(e -> e.uuid().equals(selectedHole))
                    .findFirst()
                    .orElseThrow(() -> io.sightline.server.http.ApiException.notFound(
                            "foil hole " + selectedHole + " is not on grid square " + square.uuid()));
            holeMicrographs(h, hole, byHole.getOrDefault(hole.uuid(), List.of()));
        } else {
            h.raw("<p>Click a foil hole to list its micrographs.</p>");
        }
        h.raw("</section></div>");
        h.raw("<section class=\"map-tools\">");
        MapTools.brush(h, "holes");
        h.raw("</section>");
        if (WebAuth.maySteer(who)) {
            holeSteeringPanel(h, square, csrf);
        }
        return Layout.page(
                "Grid square " + square.get("gridsquare_id"),
                "/ui/events?acquisition=" + square.acquisitionUuid(),
                who,
                csrf,
                h.toString());
    }

    /**
     * Draws the map; answers the scale of the metric over the holes (null without a metric or values).
     * Each hole names the defocus bars its micrographs are counted in (for the histogram's brush).
     */
    private static ColourScale squareMap(
            Html h,
            String squareUuid,
            List<Entity> holes,
            Map<String, List<Entity>> byHole,
            Optional<DataObject> image,
            Metric metric,
            Bins defocusBins) {
        Map<String, Double> values = new HashMap<>();
        if (metric != null) {
            byHole.forEach((hole, ms) -> metric.mean(ms).ifPresent(v -> values.put(hole, v)));
        }
        ColourScale scale = ColourScale.spanning(values.values());
        List<Entity> placed = holes.stream()
                .filter(e -> e.get("x_location") != null && e.get("y_location") != null)
                .toList();
        double maxX = 100, maxY = 100;
        // a 2-D shape is [rows, columns]: the image spans columns × rows pixels, the holes' frame
        double[] imageSize = image.filter(o -> o.shape() != null && o.shape().size() >= 2)
                .map(o -> new double[] {
                    o.shape().get(o.shape().size() - 1), o.shape().get(o.shape().size() - 2)
                })
                .orElse(null);
        if (imageSize != null) {
            maxX = imageSize[0];
            maxY = imageSize[1];
        }
        for (Entity e : placed) {
            double d = e.get("diameter") == null ? 0 : ((Number) e.get("diameter")).doubleValue();
            maxX = Math.max(maxX, ((Number) e.get("x_location")).doubleValue() + d);
            maxY = Math.max(maxY, ((Number) e.get("y_location")).doubleValue() + d);
        }
        // pixel coordinates of the square image start at 0,0: the map keeps that origin so holes sit where
        // the image shows them
        h.raw("<svg data-testid=\"square-map\" class=\"map\" role=\"group\" aria-label=\"Grid square: foil holes\"")
                .attr("viewBox", "0 0 " + Charts.fmt(maxX) + " " + Charts.fmt(maxY))
                .raw(">");
        if (imageSize != null) {
            h.raw("<image data-testid=\"square-image\" x=\"0\" y=\"0\" preserveAspectRatio=\"none\"")
                    .attr("width", Charts.fmt(imageSize[0]))
                    .attr("height", Charts.fmt(imageSize[1]))
                    .attr("href", "/gridsquares/" + squareUuid + "/gridsquare_image")
                    .raw("></image>");
        }
        for (Entity e : placed) {
            long x = ((Number) e.get("x_location")).longValue();
            long y = ((Number) e.get("y_location")).longValue();
            Object diameter = e.get("diameter");
            double r = diameter == null ? 5 : ((Number) diameter).doubleValue() / 2;
            boolean near = Boolean.TRUE.equals(e.get("is_near_grid_bar"));
            int count = byHole.getOrDefault(e.uuid(), List.of()).size();
            // relative to this page: the square's path once per hole would cost 570 holes ~30 KB of the
            // page's 300 KB budget (docs/benchmarks.md)
            h.raw("<a")
                    .attr("href", "?hole=" + e.uuid() + "#hole-micrographs")
                    .attr("data-hole-link", e.uuid())
                    .raw(">");
            h.raw("<circle")
                    .attr("data-hole-uuid", e.uuid())
                    .attr("data-foilhole-id", e.get("foilhole_id"))
                    .attr("data-x", x)
                    .attr("data-y", y)
                    .attr("data-diameter", diameter)
                    .attr("data-near-grid-bar", near)
                    .attr("data-acquired", count > 0)
                    .attr("class", "hole" + (count > 0 ? " acquired" : "") + (near ? " near-bar" : ""))
                    .attr("data-metric-value", values.get(e.uuid()))
                    .attr("data-defocus-bins", defocusBinsOf(byHole.getOrDefault(e.uuid(), List.of()), defocusBins))
                    .attr(
                            "style",
                            values.containsKey(e.uuid())
                                    ? "fill:" + scale.fill(values.get(e.uuid()))
                                    : metric != null ? "fill:#fff" : null)
                    .attr("cx", x)
                    .attr("cy", y)
                    .attr("r", Charts.fmt(r))
                    .raw("><title>")
                    .text("hole " + e.get("foilhole_id") + " · (" + x + ", " + y + ") · " + count + " micrographs"
                            + (near ? " · near a grid bar" : ""))
                    .raw("</title></circle></a>");
        }
        h.raw("</svg>");
        return scale;
    }

    /** The defocus bars {@code micrographs} are counted in ({@link Bins#counts}); null for none (no attribute). */
    private static String defocusBinsOf(List<Entity> micrographs, Bins bins) {
        if (bins == null) {
            return null;
        }
        String counts = Bins.counts(values(micrographs, "defocus").stream()
                .map(v -> bins.index(micrometres(v)))
                .toList());
        return counts.isEmpty() ? null : counts;
    }

    private static void holeMicrographs(Html h, Entity hole, List<Entity> micrographs) {
        h.raw("<h3>Foil hole ").text(hole.get("foilhole_id")).raw("</h3>");
        if (micrographs.isEmpty()) {
            h.raw("<p>No micrographs yet.</p>");
            return;
        }
        h.raw("<table><thead><tr><th>micrograph</th><th>time</th><th>defocus</th></tr></thead><tbody>");
        for (Entity m : micrographs) {
            h.raw("<tr")
                    .attr("data-micrograph-uuid", m.uuid())
                    .raw("><td><a")
                    .attr("href", "/ui/micrographs/" + m.uuid())
                    .raw(">")
                    .text(m.get("micrograph_id"))
                    .raw("</a></td><td>");
            Layout.time(h, (Instant) m.get("acquisition_datetime"));
            h.raw("</td><td>").text(Layout.number(m.get("defocus"))).raw("</td></tr>");
        }
        h.raw("</tbody></table>");
    }

    // ------------------------------------------------------------------------------------- export

    /** Every micrograph of an acquisition with its square and hole, for a spreadsheet. */
    String micrographsCsv(String acquisitionUuid) {
        Entity acquisition = entities.get(EntityKind.ACQUISITION, acquisitionUuid);
        Map<String, Entity> holes = new HashMap<>();
        for (Entity hole : entities.listByAcquisition(EntityKind.FOILHOLE, acquisition.uuid())) {
            holes.put(hole.uuid(), hole);
        }
        Csv csv = new Csv()
                .row(List.of(
                        "micrograph_uuid",
                        "micrograph_id",
                        "gridsquare_id",
                        "foilhole_id",
                        "acquisition_datetime",
                        "defocus_um",
                        "ctf_max_resolution_estimate",
                        "total_motion",
                        "number_of_particles_picked"));
        for (Entity m : entities.listByAcquisition(EntityKind.MICROGRAPH, acquisition.uuid())) {
            Entity hole = holes.get(m.parentUuid());
            Object defocus = m.get("defocus");
            csv.row(java.util.Arrays.asList(
                    m.uuid(),
                    m.get("micrograph_id"),
                    hole == null ? null : hole.get("gridsquare_id"),
                    hole == null ? null : hole.get("foilhole_id"),
                    m.get("acquisition_datetime"),
                    defocus instanceof Number n ? micrometres(n.doubleValue()) : null,
                    m.get("ctf_max_resolution_estimate"),
                    m.get("total_motion"),
                    m.get("number_of_particles_picked")));
        }
        return csv.toString();
    }

    // -------------------------------------------------------------------------------- micrograph

    String micrograph(String uuid, Principal who, String csrf) {
        Entity m = entities.get(EntityKind.MICROGRAPH, uuid);
        Html h = new Html();
        h.raw("<h2>Micrograph ").text(m.get("micrograph_id")).raw("</h2>");
        h.raw("<dl data-testid=\"micrograph-metadata\">");
        for (Map.Entry<String, Object> e : m.values().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            h.raw("<dt>")
                    .text(e.getKey().replace('_', ' '))
                    .raw("</dt><dd")
                    .attr("data-field", e.getKey())
                    .raw(">");
            if (e.getValue() instanceof Instant t) {
                Layout.time(h, t);
            } else {
                h.text(e.getValue());
            }
            h.raw("</dd>");
        }
        h.raw("</dl>");
        dataObjects
                .latestFor(m.uuid(), "micrograph")
                .ifPresent(o -> h.raw("<img data-testid=\"micrograph-image\"")
                        .attr("src", "/api/v1/images/" + o.uid())
                        .attr("alt", "micrograph " + m.get("micrograph_id"))
                        .raw(" loading=\"lazy\">"));
        return Layout.page(
                "Micrograph " + m.get("micrograph_id"),
                "/ui/events?acquisition=" + m.acquisitionUuid(),
                who,
                csrf,
                h.toString());
    }

    /** The EPU ids of the given squares of one acquisition, in the order given (422 naming a square not in it). */
    List<String> gridSquareIds(String acquisitionUuid, List<String> squareUuids) {
        Map<String, Entity> squares = new HashMap<>();
        for (Entity s : entities.listByAcquisition(EntityKind.GRIDSQUARE, acquisitionUuid)) {
            squares.put(s.uuid(), s);
        }
        List<String> ids = new ArrayList<>();
        for (String u : new LinkedHashSet<>(squareUuids)) {
            Entity s = squares.get(u);
            if (s == null) {
                throw io.sightline.server.http.ApiException.unprocessable(
                        "grid square " + u + " is not in acquisition " + acquisitionUuid);
            }
            ids.add(String.valueOf(s.get("gridsquare_id")));
        }
        return ids;
    }

    /** A grid square's EPU id and the EPU ids of some of its holes, for a skip or reorder of its foil holes. */
    record HoleTargets(String acquisitionUuid, String gridsquareUuid, String gridsquareId, List<String> foilholeIds) {}

    /**
     * The EPU ids of the given holes of one square, in the order given, each once (422 naming, by its position
     * in the form's {@code holes}, every hole not on it).
     */
    HoleTargets foilHoleIds(String squareUuid, List<String> holeUuids) {
        Entity square = entities.get(EntityKind.GRIDSQUARE, squareUuid);
        Map<String, Entity> holes = new HashMap<>();
        for (Entity hole : entities.listByParent(EntityKind.FOILHOLE, square.uuid())) {
            holes.put(hole.uuid(), hole);
        }
        List<String> ids = new ArrayList<>();
        List<io.sightline.server.http.ApiException.FieldError> strangers = new ArrayList<>();
        for (int i = 0; i < holeUuids.size(); i++) {
            String u = holeUuids.get(i);
            Entity hole = holes.get(u);
            if (hole == null) {
                strangers.add(new io.sightline.server.http.ApiException.FieldError(
                        List.of("form", "holes", Integer.toString(i)),
                        "foil hole " + u + " is not on grid square " + square.uuid(),
                        "value_error"));
            } else if (!ids.contains(String.valueOf(hole.get("foilhole_id")))) {
                ids.add(String.valueOf(hole.get("foilhole_id")));
            }
        }
        if (!strangers.isEmpty()) {
            throw io.sightline.server.http.ApiException.unprocessable(strangers);
        }
        return new HoleTargets(
                square.acquisitionUuid(), square.uuid(), String.valueOf(square.get("gridsquare_id")), ids);
    }
}
