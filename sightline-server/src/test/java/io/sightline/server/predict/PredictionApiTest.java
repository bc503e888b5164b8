package io.sightline.server.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.server.events.Event;
import io.sightline.server.testing.BothDatabases;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The prediction family over HTTP, on H2 and PostgreSQL: stored, read back in the contract's shapes,
 * published as events, with ids and aliases resolved as the rest of the API does and bad input a 4xx
 * naming the field.
 */
class PredictionApiTest {

    /** An acquisition with one grid, squares A, B, C and their holes, all with SmartEM-style ids. */
    private static final class Session {
        final String acquisition = smartEmId();
        final String grid = smartEmId();
        final Map<String, String> squares = new LinkedHashMap<>();
        final Map<String, String> holes = new LinkedHashMap<>();

        Session(TestServer server, Map<String, List<String>> holesBySquare) {
            ok(server.post("/acquisitions", Map.of("uuid", acquisition, "name", "session 1")));
            ok(server.post(
                    "/acquisitions/" + acquisition + "/grids",
                    Map.of("uuid", grid, "name", "Grid_1", "acquisition_uuid", acquisition)));
            int n = 0;
            for (Map.Entry<String, List<String>> square : holesBySquare.entrySet()) {
                String id = smartEmId();
                String squareId = Integer.toString(1000 + n++);
                squares.put(square.getKey(), id);
                ok(server.post(
                        "/grids/" + grid + "/gridsquares",
                        Map.of("uuid", id, "gridsquare_id", squareId, "grid_uuid", grid, "size_width", 100)));
                List<Object> holes = new ArrayList<>();
                int h = 0;
                for (String hole : square.getValue()) {
                    String holeId = smartEmId();
                    this.holes.put(hole, holeId);
                    holes.add(Map.of(
                            "uuid",
                            holeId,
                            "foilhole_id",
                            hole,
                            "gridsquare_id",
                            squareId,
                            "gridsquare_uuid",
                            id,
                            "x_location",
                            h++));
                }
                if (!holes.isEmpty()) {
                    ok(server.post("/gridsquares/" + id + "/foilholes", holes));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void predictionModelsAreCreatedReadChangedAndDeletedWithEvents(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            TestServer.Response created = server.post("/prediction_models", Map.of("name", "ResNet"));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            // the contract's defaults
            assertThat(created.json().toString())
                    .isEqualTo(
                            "{\"name\":\"ResNet\",\"description\":\"\",\"can_train\":false,\"can_infer\":true,\"can_update\":false}");
            assertThat(server.post("/prediction_models", Map.of("name", "ResNet", "description", "again"))
                            .status())
                    .isEqualTo(409);

            TestServer.Response changed = server.put("/prediction_models/ResNet", Map.of("can_train", true));
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("can_train").asBoolean()).isTrue();
            assertThat(changed.json().get("can_infer").asBoolean())
                    .as("fields not sent stay")
                    .isTrue();
            assertThat(server.get("/prediction_models/ResNet").json()).isEqualTo(changed.json());
            assertThat(server.get("/prediction_models").json()).containsExactly(changed.json());

            assertThat(server.delete("/prediction_models/ResNet").status()).isEqualTo(204);
            TestServer.Response gone = server.get("/prediction_models/ResNet");
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.contentType()).startsWith("application/problem+json");
            assertThat(server.delete("/prediction_models/ResNet").status()).isEqualTo(404);
            assertThat(server.put("/prediction_models/ResNet", Map.of()).status())
                    .isEqualTo(404);
            assertThat(server.events().types())
                    .containsSubsequence(
                            "prediction_model.created", "prediction_model.updated", "prediction_model.deleted");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void predictionsAreKeptAsTimeSeriesNamedByIdOrAliasAndPublished(TestDatabase db) throws InterruptedException {
        try (TestServer server = TestServer.start(db)) {
            Session s = new Session(server, Map.of("A", List.of("7", "8")));
            String square = s.squares.get("A");
            String hole7 = s.holes.get("7");
            ok(server.post("/prediction_models", Map.of("name", "m1")));
            ok(server.post("/prediction_models", Map.of("name", "m2")));
            // hole 7 posted again under a fresh id (SmartEM's agent on a metadata rewrite): an alias
            String alias = smartEmId();
            ok(server.post(
                    "/gridsquares/" + square + "/foilholes",
                    List.of(Map.of(
                            "uuid", alias, "foilhole_id", "7", "gridsquare_id", "1000", "gridsquare_uuid", square))));

            TestServer.Response first = server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m1", "value", 0.25, "foilhole_uuid", alias));
            assertThat(first.status()).as(first.body()).isEqualTo(201);
            assertThat(first.json().get("foilhole_uuid").asText()).isEqualTo(hole7);
            assertThat(first.json().get("id").isIntegralNumber()).isTrue();
            assertThat(first.json().has("timestamp")).isTrue();
            Event event = server.events()
                    .await(e -> e.type().equals("quality_prediction.created"), java.time.Duration.ofSeconds(10));
            assertThat(event.acquisitionUuid()).isEqualTo(s.acquisition);
            assertThat(event.entityUuid()).isEqualTo(hole7);
            assertThat(event.payloadJson()).contains("\"value\":0.25").contains(s.grid);

            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m1", "value", 0.75, "foilhole_uuid", hole7)));
            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m1", "value", 0.5, "foilhole_uuid", hole7, "metric_name", "ctf")));
            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m2", "value", 0.4, "gridsquare_uuid", square)));
            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m2", "value", 0.6, "gridsquare_uuid", square)));

            // the square's own predictions, by model, oldest first
            JsonNode squareSeries = server.get("/gridsquares/" + square + "/quality_predictions")
                    .json();
            assertThat(squareSeries.properties()).hasSize(1);
            assertThat(squareSeries.get("m2").findValuesAsText("value")).containsExactly("0.4", "0.6");
            // the holes', by model and EPU hole id; metric-less and per metric apart
            JsonNode holeSeries = server.get("/gridsquares/" + square + "/foilhole_quality_predictions")
                    .json();
            assertThat(holeSeries.get("m1").get("7").findValuesAsText("value")).containsExactly("0.25", "0.75");
            JsonNode ctf = server.get("/quality_metric/ctf/gridsquares/" + square + "/foilhole_quality_predictions")
                    .json();
            assertThat(ctf.get("m1").get("7").findValuesAsText("value")).containsExactly("0.5");
            assertThat(ctf.get("m1").get("7").get(0).get("metric_name").asText())
                    .isEqualTo("ctf");

            // newest per square for the grid, newest per hole for the square (a path alias works too)
            JsonNode grid = server.get("/prediction_model/m2/grid/" + s.grid + "/prediction")
                    .json();
            assertThat(grid).hasSize(1);
            assertThat(grid.get(0).get("value").asDouble()).isEqualTo(0.6);
            JsonNode holes = server.get("/prediction_model/m1/gridsquare/" + square + "/prediction")
                    .json();
            assertThat(holes).hasSize(1);
            assertThat(holes.get(0).get("value").asDouble()).isEqualTo(0.5);
            assertThat(holes.get(0).get("gridsquare_uuid").asText())
                    .as("answered with its square")
                    .isEqualTo(square);

            JsonNode metrics = server.get("/quality_metrics").json();
            assertThat(metrics.get("total_predictions").asLong()).isEqualTo(5);
            assertThat(metrics.get("models_count").asLong()).isEqualTo(2);
            assertThat(metrics.get("min_quality").asDouble()).isEqualTo(0.25);
            assertThat(metrics.get("max_quality").asDouble()).isEqualTo(0.75);
            assertThat(metrics.get("average_quality").asDouble())
                    .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));

            // a model's predictions go with it
            assertThat(server.delete("/prediction_models/m1").status()).isEqualTo(204);
            assertThat(server.get("/quality_metrics")
                            .json()
                            .get("total_predictions")
                            .asLong())
                    .isEqualTo(2);
            // and a square's with the square (its holes' too)
            assertThat(server.delete("/gridsquares/" + square).status()).isIn(200, 204);
            assertThat(server.get("/quality_metrics")
                            .json()
                            .get("total_predictions")
                            .asLong())
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void badInputIsA4xxProblemNamingTheField(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            Session s = new Session(server, Map.of("A", List.of("7"), "B", List.of("9")));
            ok(server.post("/prediction_models", Map.of("name", "m1")));

            assertField(server.post("/prediction_models", Map.of("description", "x")), 422, "name");
            assertField(server.post("/prediction_models", Map.of("name", "a/b")), 422, "name");
            assertField(server.post("/prediction_models", Map.of("name", "m3", "can_train", "yes")), 422, "can_train");
            assertField(server.put("/prediction_models/m1", Map.of("description", 5)), 422, "description");
            assertField(
                    server.post(
                            "/quality_predictions",
                            Map.of("prediction_model_name", "m1", "foilhole_uuid", s.holes.get("7"))),
                    422,
                    "value");
            assertField(
                    server.post(
                            "/quality_predictions",
                            Map.of("prediction_model_name", "m1", "value", "high", "foilhole_uuid", s.holes.get("7"))),
                    422,
                    "value");
            assertField(
                    server.post("/quality_predictions", Map.of("prediction_model_name", "m1", "value", 0.5)),
                    422,
                    "gridsquare_uuid");
            assertField(
                    server.post(
                            "/quality_predictions",
                            Map.of("prediction_model_name", "m1", "value", 0.5, "foilhole_uuid", "a/b")),
                    422,
                    "foilhole_uuid");
            assertField(
                    server.post(
                            "/quality_predictions",
                            Map.of(
                                    "prediction_model_name",
                                    "m1",
                                    "value",
                                    0.5,
                                    "foilhole_uuid",
                                    s.holes.get("7"),
                                    "gridsquare_uuid",
                                    s.squares.get("B"))),
                    422,
                    "foilhole_uuid");
            assertField(
                    server.post(
                            "/grid/" + s.grid + "/model_weights", Map.of("prediction_model_name", "m1", "weight", -1)),
                    422,
                    "weight");
            assertField(
                    server.post(
                            "/prediction_model/m1/grid/" + s.grid + "/latent_representation",
                            List.of(Map.of("x", 1, "y", 2))),
                    422,
                    "index");

            assertProblem(
                    server.post(
                            "/quality_predictions",
                            Map.of("prediction_model_name", "nope", "value", 0.5, "foilhole_uuid", s.holes.get("7"))),
                    404);
            assertProblem(
                    server.post(
                            "/quality_predictions",
                            Map.of("prediction_model_name", "m1", "value", 0.5, "foilhole_uuid", smartEmId())),
                    404);
            assertProblem(server.post("/quality_predictions", "{not json"), 400);
            assertProblem(server.get("/gridsquares/" + smartEmId() + "/quality_predictions"), 404);
            assertProblem(server.get("/prediction_model/nope/grid/" + s.grid + "/prediction"), 404);
            assertProblem(server.get("/grid/" + smartEmId() + "/model_weights"), 404);
            assertProblem(server.get("/gridsquare/" + smartEmId() + "/overall_prediction"), 404);
            assertProblem(server.get("/prediction_models/" + "x".repeat(201)), 422);
        }
    }

    /**
     * The hand-worked example of {@code SuggestedOrderTest} through the API: one model, no weight (so
     * its weight is 1 and the overall value is its prediction): the order a1, a2, b1, b2, a3, c1.
     * Then a second model and weights: the overall value is the weighted sum.
     */
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void overallPredictionsCarryTheSuggestedOrderWorkedByHand(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            Map<String, List<String>> layout = new LinkedHashMap<>();
            layout.put("A", List.of("a1", "a2", "a3"));
            layout.put("B", List.of("b1", "b2"));
            layout.put("C", List.of("c1"));
            Session s = new Session(server, layout);
            ok(server.post("/prediction_models", Map.of("name", "m1")));
            Map<String, Double> values = Map.of("a1", 0.9, "a2", 0.8, "a3", 0.4, "b1", 0.7, "b2", 0.5, "c1", 0.3);
            values.forEach((hole, v) -> ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m1", "value", v, "foilhole_uuid", s.holes.get(hole)))));

            Map<String, Integer> index = new HashMap<>();
            Map<String, Double> overall = new HashMap<>();
            for (String square : s.squares.values()) {
                for (JsonNode o : server.get("/gridsquare/" + square + "/overall_prediction")
                        .json()) {
                    assertThat(o.get("gridsquare_uuid").asText()).isEqualTo(square);
                    assertThat(o.get("grid_uuid").asText()).isEqualTo(s.grid);
                    String hole = nameOf(s, o.get("foilhole_uuid").asText());
                    index.put(hole, o.get("suggested_acquisition_index").asInt());
                    overall.put(hole, o.get("value").asDouble());
                }
            }
            assertThat(index)
                    .containsExactlyInAnyOrderEntriesOf(Map.of("a1", 1, "a2", 2, "b1", 3, "b2", 4, "a3", 5, "c1", 6));
            values.forEach((hole, v) ->
                    assertThat(overall.get(hole)).as(hole).isCloseTo(v, org.assertj.core.data.Offset.offset(1e-12)));

            // a second model saying the opposite about a1, weighted 0.25 against m1's 0.75
            ok(server.post("/prediction_models", Map.of("name", "m2")));
            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m2", "value", 0.1, "foilhole_uuid", s.holes.get("a1"))));
            ok(server.post(
                    "/grid/" + s.grid + "/model_weights", Map.of("prediction_model_name", "m1", "weight", 0.75)));
            TestServer.Response w = server.post(
                    "/grid/" + s.grid + "/model_weights", Map.of("prediction_model_name", "m2", "weight", 0.25));
            assertThat(w.status()).as(w.body()).isEqualTo(201);
            assertThat(w.json().get("grid_uuid").asText()).isEqualTo(s.grid);
            JsonNode a = server.get("/gridsquare/" + s.squares.get("A") + "/overall_prediction")
                    .json();
            Map<String, Double> after = new HashMap<>();
            a.forEach(o -> after.put(
                    nameOf(s, o.get("foilhole_uuid").asText()), o.get("value").asDouble()));
            assertThat(after.get("a1")).isCloseTo(0.75 * 0.9 + 0.25 * 0.1, org.assertj.core.data.Offset.offset(1e-12));
            // m2 has no prediction for a2: it counts as undecided (0.5)
            assertThat(after.get("a2")).isCloseTo(0.75 * 0.8 + 0.25 * 0.5, org.assertj.core.data.Offset.offset(1e-12));

            JsonNode weights = server.get("/grid/" + s.grid + "/model_weights").json();
            assertThat(weights.get("m1").findValuesAsText("weight")).containsExactly("0.75");
            assertThat(weights.get("m2").get(0).get("prediction_model_name").asText())
                    .isEqualTo("m2");
            assertThat(server.events().types()).contains("model_weight.created");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void suggestedSquaresAndHolesComeFromPredictionsAndLatentClusters(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            Map<String, List<String>> layout = new LinkedHashMap<>();
            layout.put("A", List.of("h1", "h2", "h3", "h4", "h5", "h6"));
            layout.put("B", List.of());
            layout.put("C", List.of());
            layout.put("D", List.of());
            Session s = new Session(server, layout);
            ok(server.post("/prediction_models", Map.of("name", "quality")));
            ok(server.post("/prediction_models", Map.of("name", "latent")));
            Map<String, Double> squareValue = Map.of("A", 0.9, "B", 0.8, "C", 0.7, "D", 0.1);
            squareValue.forEach((sq, v) -> ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "quality", "value", v, "gridsquare_uuid", s.squares.get(sq)))));
            for (int i = 1; i <= 6; i++) {
                ok(server.post(
                        "/quality_predictions",
                        Map.of(
                                "prediction_model_name",
                                "quality",
                                "value",
                                1 - i / 10.0,
                                "foilhole_uuid",
                                s.holes.get("h" + i))));
            }
            // squares A and B in cluster 0, C in 1, D in 2; holes h1, h2 in cluster 5, h3 without a point
            List<Object> points = new ArrayList<>();
            Map<String, Integer> squareCluster = Map.of("A", 0, "B", 0, "C", 1, "D", 2);
            squareCluster.forEach((sq, c) ->
                    points.add(Map.of("gridsquare_uuid", s.squares.get(sq), "x", 1.0, "y", 2.0, "index", c)));
            for (String h : List.of("h1", "h2", "h4", "h5", "h6")) {
                points.add(Map.of("foilhole_uuid", s.holes.get(h), "x", 0.5, "y", -0.5, "index", 5));
            }
            TestServer.Response stored =
                    server.post("/prediction_model/latent/grid/" + s.grid + "/latent_representation", points);
            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
            assertThat(server.events().types()).contains("latent_representation.updated");

            // better half of 4 squares: A, B (both cluster 0, allowed 2)
            JsonNode squares = server.get(
                            "/grid/" + s.grid + "/prediction_model/quality/latent_rep/latent/suggested_squares")
                    .json();
            assertThat(squares.findValuesAsText("uuid")).containsExactly(s.squares.get("A"), s.squares.get("B"));
            assertThat(squares.get(0).get("gridsquare_id").asText())
                    .as("a GridSquare")
                    .isEqualTo("1000");
            // better half of 6 holes: h1, h2, h3; h3 has no cluster
            JsonNode holes = server.get("/gridsquares/" + s.squares.get("A")
                            + "/prediction_model/quality/latent_rep/latent/suggested_holes")
                    .json();
            assertThat(holes.findValuesAsText("uuid")).containsExactly(s.holes.get("h1"), s.holes.get("h2"));
            assertThat(holes.get(0).get("foilhole_id").asText())
                    .as("a FoilHole")
                    .isEqualTo("h1");

            // the representation read back: the grid's squares, the square's holes
            JsonNode gridRep = server.get("/prediction_model/latent/grid/" + s.grid + "/latent_representation")
                    .json();
            assertThat(gridRep.findValuesAsText("gridsquare_uuid"))
                    .containsExactlyInAnyOrderElementsOf(s.squares.values());
            JsonNode squareRep = server.get(
                            "/prediction_model/latent/gridsquare/" + s.squares.get("A") + "/latent_representation")
                    .json();
            assertThat(squareRep).hasSize(5);
            assertThat(squareRep.get(0).get("index").asInt()).isEqualTo(5);
            assertThat(squareRep.get(0).get("x").asDouble()).isEqualTo(0.5);
        }
    }

    /**
     * A good micrograph on hole 7: m1 predicted 0.9 for it, m2 0.2 (for its square); both weighed 0.5 by
     * default. Afterwards m1 weighs 0.45/0.55 and m2 0.1/0.55 (PriorUpdateTest's worked example), the
     * series records what moved them, and the overall value uses the new weights.
     */
    @ParameterizedTest(name = "{0}")
    @ArgumentsSource(BothDatabases.class)
    void aMicrographsQualityMovesTheModelWeightsOfItsGrid(TestDatabase db) {
        try (TestServer server = TestServer.start(db)) {
            Session s = new Session(server, Map.of("A", List.of("7")));
            String hole = s.holes.get("7");
            String micrograph = smartEmId();
            ok(server.post(
                    "/foilholes/" + hole + "/micrographs",
                    Map.of("uuid", micrograph, "foilhole_uuid", hole, "foilhole_id", "7", "micrograph_id", "Data_1")));
            ok(server.post("/prediction_models", Map.of("name", "m1")));
            ok(server.post("/prediction_models", Map.of("name", "m2")));
            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m1", "value", 0.9, "foilhole_uuid", hole)));
            ok(server.post(
                    "/quality_predictions",
                    Map.of("prediction_model_name", "m2", "value", 0.2, "gridsquare_uuid", s.squares.get("A"))));

            TestServer.Response updated =
                    server.post("/micrographs/" + micrograph + "/prior_update", Map.of("quality", 1.0));
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json()).hasSize(2);

            JsonNode weights = server.get("/grid/" + s.grid + "/model_weights").json();
            JsonNode m1 = weights.get("m1").get(0);
            assertThat(m1.get("weight").asDouble()).isCloseTo(0.45 / 0.55, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(m1.get("micrograph_uuid").asText()).isEqualTo(micrograph);
            assertThat(m1.get("micrograph_quality").asBoolean()).isTrue();
            assertThat(m1.get("prediction_value").asDouble()).isEqualTo(0.9);
            assertThat(m1.get("quality_score").asDouble()).isEqualTo(1.0);
            assertThat(weights.get("m2").get(0).get("weight").asDouble())
                    .isCloseTo(0.1 / 0.55, org.assertj.core.data.Offset.offset(1e-12));

            double overall = server.get("/gridsquare/" + s.squares.get("A") + "/overall_prediction")
                    .json()
                    .get(0)
                    .get("value")
                    .asDouble();
            assertThat(overall).isCloseTo((0.45 * 0.9 + 0.1 * 0.2) / 0.55, org.assertj.core.data.Offset.offset(1e-12));

            assertField(
                    server.post("/micrographs/" + micrograph + "/prior_update", Map.of("quality", 2)), 422, "quality");
            assertProblem(server.post("/micrographs/" + smartEmId() + "/prior_update", Map.of("quality", 0.5)), 404);
        }
    }

    // ----------------------------------------------------------------------------------------- helpers

    private static String nameOf(Session s, String holeId) {
        return s.holes.entrySet().stream()
                .filter(e -> e.getValue().equals(holeId))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("unknown hole " + holeId));
    }

    private static void ok(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    private static void assertProblem(TestServer.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static void assertField(TestServer.Response response, int status, String field) {
        assertProblem(response, status);
        List<String> fields = new ArrayList<>();
        response.json()
                .path("errors")
                .forEach(e ->
                        fields.add(e.get("loc").get(e.get("loc").size() - 1).asText()));
        assertThat(fields).as(response.body()).contains(field);
    }

    /** An id as SmartEM's {@code generate_uuid} makes it (22 characters of URL-safe base64). */
    private static String smartEmId() {
        UUID u = UUID.randomUUID();
        ByteBuffer b =
                ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }
}
