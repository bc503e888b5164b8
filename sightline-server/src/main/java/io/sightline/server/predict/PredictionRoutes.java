package io.sightline.server.predict;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.wire.WireType;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.api.Resources;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.ApiException.FieldError;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.predict.Predictions.LatentPoint;
import io.sightline.server.predict.Predictions.Model;
import io.sightline.server.predict.Predictions.ModelChange;
import io.sightline.server.predict.Predictions.NewPrediction;
import io.sightline.server.predict.Predictions.NewWeight;
import io.sightline.server.predict.Predictions.Overall;
import io.sightline.server.predict.Predictions.Prediction;
import io.sightline.server.predict.Predictions.Weight;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SmartEM's prediction family (docs/predictions.md): prediction models, quality predictions and their
 * time series, quality metrics, model weights, latent representations, overall predictions with the
 * suggested acquisition order, and suggested squares and holes. Two writes SmartEM feeds from its
 * message queue instead are routes here: {@code POST /grid/{grid_uuid}/model_weights} and
 * {@code POST .../latent_representation}.
 */
public final class PredictionRoutes implements ApiRoutes {
    /** Longest model or metric name (the column's width). */
    static final int MAX_NAME = 200;

    static final int MAX_DESCRIPTION = 4000;

    private static final String GRID = "/grid/{grid_uuid}";
    private static final String MODEL = "/prediction_model/{prediction_model_name}";

    private final PredictionStore store;
    private final Resources resources;
    private final JsonBodies bodies;
    private final ObjectMapper mapper;

    public PredictionRoutes(PredictionStore store, Resources resources) {
        this.store = store;
        this.resources = resources;
        this.bodies = resources.bodies();
        this.mapper = bodies.mapper();
    }

    @Override
    public void register(Endpoints e) {
        Schema model = Schema.ref("QualityPredictionModelResponse");
        e.get(
                "/prediction_models",
                Operation.of("Get Prediction Models", "Every quality prediction model")
                        .ok(200, Schema.listOf(model)),
                this::listModels,
                READ);
        e.post(
                "/prediction_models",
                withBody(Operation.of("Create Prediction Model", "Register a quality prediction model")
                                .body(Schema.ref("QualityPredictionModelCreateRequest"))
                                .ok(201, model))
                        .problem(409, "A model of that name exists"),
                this::createModel,
                WRITE);
        e.get(
                "/prediction_models/{name}",
                Operation.of("Get Prediction Model", "One quality prediction model")
                        .ok(200, model)
                        .problem(404, "Unknown model")
                        .problem(422, "Invalid name"),
                ctx -> send(ctx, 200, PredictionJson.model(mapper, store.model(name(ctx, "name")))),
                READ);
        e.put(
                "/prediction_models/{name}",
                withBody(Operation.of("Update Prediction Model", "Change the fields given; the others stay")
                                .body(Schema.ref("QualityPredictionModelUpdateRequest"))
                                .ok(200, model))
                        .problem(404, "Unknown model"),
                this::updateModel,
                WRITE);
        e.delete(
                "/prediction_models/{name}",
                Operation.of("Delete Prediction Model", "Delete a model with its predictions, weights and points")
                        .answer(204, "Deleted")
                        .problem(404, "Unknown model")
                        .problem(422, "Invalid name"),
                ctx -> {
                    store.deleteModel(name(ctx, "name"));
                    ctx.status(204);
                },
                WRITE);
        e.post(
                "/quality_predictions",
                withBody(Operation.of(
                                        "Create Quality Prediction",
                                        "Store a model's prediction for a grid square or a foil hole")
                                .body(Schema.ref("QualityPredictionCreateRequest"))
                                .ok(201, Schema.ref("QualityPredictionResponse")))
                        .problem(404, "Unknown model, square or hole"),
                this::createPrediction,
                WRITE);
        e.get(
                "/quality_metrics",
                Operation.of("Get Quality Metrics", "Figures over every stored prediction")
                        .ok(200, Schema.ref("QualityMetricsResponse")),
                ctx -> send(ctx, 200, PredictionJson.metrics(mapper, store.metrics())),
                READ);
        e.get(
                "/gridsquares/{gridsquare_uuid}/quality_predictions",
                found(Operation.of(
                                "Get Gridsquare Quality Prediction Time Series",
                                "The square's own predictions, oldest first, by model")
                        .ok(200, Schema.ref("QualityPredictionsByModel"))),
                this::squareSeries,
                READ);
        e.get(
                "/gridsquares/{gridsquare_uuid}/foilhole_quality_predictions",
                found(Operation.of(
                                "Get Foilhole Quality Prediction Time Series For Gridsquare",
                                "Predictions without a metric for the square's holes, oldest first, by model and hole id")
                        .ok(200, Schema.ref("QualityPredictionsByModelAndHole"))),
                ctx -> holeSeries(ctx, null),
                READ);
        e.get(
                "/quality_metric/{metric_name}/gridsquares/{gridsquare_uuid}/foilhole_quality_predictions",
                found(Operation.of(
                                "Get Foilhole Quality Prediction Time Series For Gridsquare For Metric",
                                "Predictions for one metric for the square's holes, oldest first, by model and hole id")
                        .ok(200, Schema.ref("QualityPredictionsByModelAndHole"))),
                ctx -> holeSeries(ctx, name(ctx, "metric_name")),
                READ);
        e.get(
                MODEL + "/grid/{grid_uuid}/prediction",
                found(Operation.of(
                                "Get Prediction For Grid",
                                "The model's newest prediction for each square of the grid (for each hole when it has none for squares)")
                        .ok(200, Schema.listOf(Schema.ref("QualityPredictionResponse")))),
                ctx -> sendPredictions(
                        ctx, store.latestForGrid(modelOf(ctx).name(), Resources.uuidParam(ctx, "grid_uuid"))),
                READ);
        e.get(
                MODEL + "/gridsquare/{gridsquare_uuid}/prediction",
                found(Operation.of("Get Prediction For Gridsquare", "The model's newest prediction for each hole")
                        .ok(200, Schema.listOf(Schema.ref("QualityPredictionResponse")))),
                ctx -> sendPredictions(
                        ctx, store.latestForSquare(modelOf(ctx).name(), Resources.uuidParam(ctx, "gridsquare_uuid"))),
                READ);
        e.get(
                GRID + "/model_weights",
                found(Operation.of("Get Model Weights For Grid", "Time series of model weights for grid, by model")
                        .ok(200, Schema.ref("ModelWeightsByModel"))),
                this::weights,
                READ);
        e.post(
                GRID + "/model_weights",
                withBody(Operation.of(
                                        "Record Model Weight",
                                        "Record a model's weight on the grid (Sightline; SmartEM sets weights from its queue)")
                                .body(Schema.ref("ModelWeightCreateRequest"))
                                .ok(201, Schema.ref("QualityPredictionModelWeight")))
                        .problem(404, "Unknown grid or model"),
                this::addWeight,
                WRITE);
        e.post(
                "/micrographs/{micrograph_uuid}/prior_update",
                withBody(Operation.of(
                                        "Update Model Weights From Micrograph Quality",
                                        "Move every model's weight on the micrograph's grid by how well its prediction for the"
                                                + " micrograph's hole agreed with the measured quality (Sightline; SmartEM does"
                                                + " this in its queue consumer)")
                                .body(Schema.ref("PriorUpdateRequest"))
                                .ok(200, Schema.listOf(Schema.ref("QualityPredictionModelWeight"))))
                        .problem(404, "Unknown micrograph"),
                this::priorUpdate,
                WRITE);
        e.get(
                MODEL + "/grid/{grid_uuid}/latent_representation",
                found(Operation.of(
                                "Get Latent Rep",
                                "The model's latent points for the squares of the grid (for its holes when it has none for squares)")
                        .ok(200, Schema.listOf(Schema.ref("LatentRepresentationResponse")))),
                ctx -> sendPoints(
                        ctx, store.gridLatentPoints(modelOf(ctx).name(), Resources.uuidParam(ctx, "grid_uuid"))),
                READ);
        e.post(
                MODEL + "/grid/{grid_uuid}/latent_representation",
                withBody(Operation.of(
                                        "Store Latent Rep",
                                        "Store points of the model's latent representation (Sightline; SmartEM stores them from its queue)")
                                .body(Schema.listOf(Schema.ref("LatentPointCreateRequest")))
                                .ok(201, Schema.listOf(Schema.ref("LatentRepresentationResponse"))))
                        .problem(404, "Unknown model, grid, square or hole"),
                this::putPoints,
                WRITE);
        e.get(
                MODEL + "/gridsquare/{gridsquare_uuid}/latent_representation",
                found(Operation.of("Get Square Latent Rep", "The model's latent points for the holes of the square")
                        .ok(200, Schema.listOf(Schema.ref("LatentRepresentationResponse")))),
                ctx -> sendPoints(
                        ctx,
                        store.squareLatentPoints(modelOf(ctx).name(), Resources.uuidParam(ctx, "gridsquare_uuid"))),
                READ);
        e.get(
                "/gridsquare/{gridsquare_uuid}/overall_prediction",
                found(Operation.of(
                                "Get Overall Prediction For Gridsquare",
                                "Each hole's overall quality from every model's newest prediction and weight, with its"
                                        + " place in the grid's suggested acquisition order")
                        .ok(200, Schema.listOf(Schema.ref("OverallQualityPrediction")))),
                this::overall,
                READ);
        e.get(
                GRID + "/prediction_model/{prediction_model_name}/latent_rep/{latent_rep_model_name}/suggested_squares",
                found(Operation.of(
                                "Get Suggested Square Collections",
                                "The better half of the squares by value × width², at most 2 per latent cluster")
                        .ok(200, Schema.listOf(Schema.ref("GridSquareResponse")))),
                this::suggestedSquares,
                READ);
        e.get(
                "/gridsquares/{gridsquare_uuid}/prediction_model/{prediction_model_name}/latent_rep/{latent_rep_model_name}/suggested_holes",
                found(Operation.of(
                                "Get Suggested Hole Collections",
                                "The better half of the square's holes by value, at most 4 per latent cluster")
                        .ok(200, Schema.listOf(Schema.ref("FoilHoleResponse")))),
                this::suggestedHoles,
                READ);
    }

    // -------------------------------------------------------------------------------------- handlers

    private void listModels(Context ctx) {
        ArrayNode out = mapper.createArrayNode();
        store.models().forEach(m -> out.add(PredictionJson.model(mapper, m)));
        send(ctx, 200, out);
    }

    private void createModel(Context ctx) {
        ObjectNode body = bodies.readObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String name = text(body, "name", true, MAX_NAME, errors);
        if (name != null) {
            nameViolation(name).ifPresent(msg -> errors.add(error("name", msg, "value_error")));
        }
        String description = text(body, "description", false, MAX_DESCRIPTION, errors);
        Boolean canTrain = bool(body, "can_train", errors);
        Boolean canInfer = bool(body, "can_infer", errors);
        Boolean canUpdate = bool(body, "can_update", errors);
        check(errors);
        Model created = store.createModel(new Model(
                name,
                description == null ? "" : description,
                canTrain != null && canTrain,
                canInfer == null || canInfer,
                canUpdate != null && canUpdate));
        send(ctx, 201, PredictionJson.model(mapper, created));
    }

    private void updateModel(Context ctx) {
        String name = name(ctx, "name");
        ObjectNode body = bodies.readObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        ModelChange change = new ModelChange(
                text(body, "description", false, MAX_DESCRIPTION, errors),
                bool(body, "can_train", errors),
                bool(body, "can_infer", errors),
                bool(body, "can_update", errors));
        check(errors);
        send(ctx, 200, PredictionJson.model(mapper, store.updateModel(name, change)));
    }

    private void createPrediction(Context ctx) {
        ObjectNode body = bodies.readObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String model = text(body, "prediction_model_name", true, MAX_NAME, errors);
        Double value = number(body, "value", true, errors);
        String square = id(body, "gridsquare_uuid", errors);
        String hole = id(body, "foilhole_uuid", errors);
        // not in SmartEM's create request, but its predictions carry one: the per-metric series read it
        String metric = text(body, "metric_name", false, MAX_NAME, errors);
        if (errors.isEmpty() && square == null && hole == null) {
            errors.add(error("gridsquare_uuid", "a prediction names a gridsquare_uuid or a foilhole_uuid", "missing"));
        }
        check(errors);
        Prediction stored = store.addPrediction(new NewPrediction(model, metric, square, hole, value));
        ObjectNode answer = PredictionJson.prediction(mapper, stored);
        answer.remove("metric_name"); // QualityPredictionResponse has none
        send(ctx, 201, answer);
    }

    private void squareSeries(Context ctx) {
        ObjectNode out = mapper.createObjectNode();
        for (Prediction p : store.squarePredictions(Resources.uuidParam(ctx, "gridsquare_uuid"))) {
            out.withArray(p.modelName()).add(PredictionJson.prediction(mapper, p));
        }
        send(ctx, 200, out);
    }

    private void holeSeries(Context ctx, String metric) {
        ObjectNode out = mapper.createObjectNode();
        store.holePredictions(Resources.uuidParam(ctx, "gridsquare_uuid"), metric)
                .forEach((model, holes) -> {
                    ObjectNode byHole = out.putObject(model);
                    holes.forEach((hole, predictions) -> {
                        ArrayNode list = byHole.putArray(hole);
                        predictions.forEach(p -> list.add(PredictionJson.prediction(mapper, p)));
                    });
                });
        send(ctx, 200, out);
    }

    private void weights(Context ctx) {
        ObjectNode out = mapper.createObjectNode();
        store.weights(Resources.uuidParam(ctx, "grid_uuid")).forEach((model, list) -> {
            ArrayNode series = out.putArray(model);
            list.forEach(w -> series.add(PredictionJson.weight(mapper, w)));
        });
        send(ctx, 200, out);
    }

    private void addWeight(Context ctx) {
        String grid = Resources.uuidParam(ctx, "grid_uuid");
        ObjectNode body = bodies.readObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        String model = text(body, "prediction_model_name", true, MAX_NAME, errors);
        Double weight = number(body, "weight", true, errors);
        if (weight != null && weight < 0) {
            errors.add(error("weight", "must be at least 0", "greater_than_equal"));
        }
        NewWeight w = new NewWeight(
                model == null ? "" : model,
                text(body, "metric_name", false, MAX_NAME, errors),
                id(body, "micrograph_uuid", errors),
                bool(body, "micrograph_quality", errors),
                number(body, "prediction_value", false, errors),
                number(body, "quality_score", false, errors),
                weight == null ? 0 : weight);
        check(errors);
        Weight stored = store.addWeight(grid, w);
        send(ctx, 201, PredictionJson.weight(mapper, stored));
    }

    private void priorUpdate(Context ctx) {
        String micrograph = Resources.uuidParam(ctx, "micrograph_uuid");
        ObjectNode body = bodies.readObject(ctx);
        List<FieldError> errors = new ArrayList<>();
        Double quality = number(body, "quality", true, errors);
        if (quality != null && (quality < 0 || quality > 1)) {
            errors.add(error("quality", "must be from 0 to 1", "value_error"));
        }
        String metric = text(body, "metric_name", false, MAX_NAME, errors);
        check(errors);
        ArrayNode out = mapper.createArrayNode();
        store.priorUpdate(micrograph, metric, quality).forEach(w -> out.add(PredictionJson.weight(mapper, w)));
        send(ctx, 200, out);
    }

    private void putPoints(Context ctx) {
        String model = modelOf(ctx).name();
        String grid = Resources.uuidParam(ctx, "grid_uuid");
        JsonNode body = bodies.read(ctx);
        if (!(body instanceof ArrayNode array)) {
            throw ApiException.unprocessable(
                    List.of(new FieldError(List.of("body"), "expected a list of latent points", "list_type")));
        }
        List<FieldError> errors = new ArrayList<>();
        List<LatentPoint> points = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = Integer.toString(i);
            if (!(array.get(i) instanceof ObjectNode node)) {
                errors.add(new FieldError(List.of("body", at), "expected a JSON object", "model_type"));
                continue;
            }
            List<FieldError> own = new ArrayList<>();
            String square = id(node, "gridsquare_uuid", own);
            String hole = id(node, "foilhole_uuid", own);
            Double x = number(node, "x", true, own);
            Double y = number(node, "y", true, own);
            Long index = whole(node, "index", own);
            if (own.isEmpty() && square == null && hole == null) {
                own.add(error("gridsquare_uuid", "a point names a gridsquare_uuid or a foilhole_uuid", "missing"));
            }
            // this item's errors, located at its index in the list
            for (FieldError f : own) {
                List<String> loc = new ArrayList<>(List.of("body", at));
                loc.addAll(f.loc().subList(1, f.loc().size()));
                errors.add(new FieldError(loc, f.msg(), f.type()));
            }
            if (own.isEmpty()) {
                points.add(new LatentPoint(square, hole, x, y, index));
            }
        }
        check(errors);
        ArrayNode out = mapper.createArrayNode();
        store.putLatentPoints(model, grid, points).forEach(p -> out.add(PredictionJson.latent(mapper, p)));
        send(ctx, 201, out);
    }

    private void overall(Context ctx) {
        Entity square = store.entities().get(EntityKind.GRIDSQUARE, Resources.uuidParam(ctx, "gridsquare_uuid"));
        ArrayNode out = mapper.createArrayNode();
        for (Overall o : store.overall(square.parentUuid())) {
            if (o.gridsquareUuid().equals(square.uuid())) {
                out.add(PredictionJson.overall(mapper, o));
            }
        }
        send(ctx, 200, out);
    }

    private void suggestedSquares(Context ctx) {
        Entity grid = store.entities().get(EntityKind.GRID, Resources.uuidParam(ctx, "grid_uuid"));
        String model = modelOf(ctx).name();
        String latent = modelOf(ctx, "latent_rep_model_name").name();
        Map<String, Long> clusters = store.clusters(latent, grid.uuid());
        Map<String, Prediction> value = new HashMap<>();
        store.latestForGridSquares(model, grid.uuid()).forEach(p -> value.put(p.gridsquareUuid(), p));
        List<Entity> squares = store.entities().listByParent(EntityKind.GRIDSQUARE, grid.uuid()).stream()
                .filter(s -> value.containsKey(s.uuid()))
                .toList();
        List<Entity> chosen = SuggestedOrder.suggestedSquares(
                squares,
                s -> value.get(s.uuid()).value(),
                s -> s.get("size_width") instanceof Number n ? n.longValue() : null,
                s -> clusters.get(s.uuid()));
        send(ctx, 200, resources.jsonArray(chosen));
    }

    private void suggestedHoles(Context ctx) {
        Entity square = store.entities().get(EntityKind.GRIDSQUARE, Resources.uuidParam(ctx, "gridsquare_uuid"));
        String model = modelOf(ctx).name();
        String latent = modelOf(ctx, "latent_rep_model_name").name();
        Map<String, Long> clusters = store.clusters(latent, square.parentUuid());
        Map<String, Prediction> value = new HashMap<>();
        store.latestForSquare(model, square.uuid()).forEach(p -> value.put(p.foilholeUuid(), p));
        List<Entity> holes = store.entities().listByParent(EntityKind.FOILHOLE, square.uuid()).stream()
                .filter(h -> value.containsKey(h.uuid()))
                .toList();
        List<Entity> chosen =
                SuggestedOrder.suggestedHoles(holes, h -> value.get(h.uuid()).value(), h -> clusters.get(h.uuid()));
        send(ctx, 200, resources.jsonArray(chosen));
    }

    // ---------------------------------------------------------------------------------------- helpers

    private Model modelOf(Context ctx) {
        return modelOf(ctx, "prediction_model_name");
    }

    private Model modelOf(Context ctx, String param) {
        return store.model(name(ctx, param));
    }

    private void sendPredictions(Context ctx, List<Prediction> predictions) {
        ArrayNode out = mapper.createArrayNode();
        for (Prediction p : predictions) {
            ObjectNode node = PredictionJson.prediction(mapper, p);
            node.remove("metric_name");
            out.add(node);
        }
        send(ctx, 200, out);
    }

    private void sendPoints(Context ctx, List<LatentPoint> points) {
        ArrayNode out = mapper.createArrayNode();
        points.forEach(p -> out.add(PredictionJson.latent(mapper, p)));
        send(ctx, 200, out);
    }

    private void send(Context ctx, int status, JsonNode body) {
        resources.send(ctx, status, body);
    }

    /** A model or metric name from the path: 422 naming the parameter when no client could have made it. */
    private static String name(Context ctx, String param) {
        String value = ctx.pathParam(param);
        nameViolation(value).ifPresent(msg -> {
            throw ApiException.unprocessable(List.of(new FieldError(List.of("path", param), msg, "value_error")));
        });
        return value;
    }

    /** Names travel in paths: bounded, printable, never a path separator. */
    static Optional<String> nameViolation(String name) {
        if (name.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (name.length() > MAX_NAME) {
            return Optional.of("must be at most " + MAX_NAME + " characters (was " + name.length() + ")");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                return Optional.of("must not contain '/', '\\' or control characters");
            }
        }
        return Optional.empty();
    }

    private static Operation found(Operation op) {
        return op.problem(404, "Unknown grid, square or model").problem(422, "Invalid id or name");
    }

    private static Operation withBody(Operation op) {
        return op.problem(400, "Body is not JSON")
                .problem(413, "Body too large")
                .problem(415, "Body is not JSON")
                .problem(422, "A field is missing or invalid");
    }

    private static FieldError error(String field, String msg, String type) {
        return new FieldError(List.of("body", field), msg, type);
    }

    private static void check(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    private static String text(ObjectNode body, String field, boolean required, int max, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (absent(v)) {
            if (required) {
                errors.add(error(field, "Field required", "missing"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(error(field, "must be a string", "string_type"));
            return null;
        }
        if (v.textValue().length() > max) {
            errors.add(error(field, "must be at most " + max + " characters", "string_too_long"));
            return null;
        }
        return v.textValue();
    }

    private static String id(ObjectNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(error(field, "must be a string id", "string_type"));
            return null;
        }
        var violation = WireType.Uuid.violation(v.textValue());
        if (violation.isPresent()) {
            errors.add(error(field, violation.get().message(), violation.get().type()));
            return null;
        }
        return v.textValue();
    }

    private static Double number(ObjectNode body, String field, boolean required, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (absent(v)) {
            if (required) {
                errors.add(error(field, "Field required", "missing"));
            }
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            errors.add(error(field, "must be a finite number", "float_type"));
            return null;
        }
        return v.doubleValue();
    }

    private static Long whole(ObjectNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (absent(v)) {
            errors.add(error(field, "Field required", "missing"));
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            errors.add(error(field, "must be an integer", "int_type"));
            return null;
        }
        return v.longValue();
    }

    private static Boolean bool(ObjectNode body, String field, List<FieldError> errors) {
        JsonNode v = body.get(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isBoolean()) {
            errors.add(error(field, "must be a boolean", "bool_type"));
            return null;
        }
        return v.booleanValue();
    }
}
