package io.sightline.server.predict;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.server.persistence.DataException;
import io.sightline.server.persistence.Database;
import io.sightline.server.persistence.Entity;
import io.sightline.server.persistence.EntityKind;
import io.sightline.server.persistence.EntityStore;
import io.sightline.server.persistence.WriteTransactions;
import io.sightline.server.predict.Predictions.LatentPoint;
import io.sightline.server.predict.Predictions.Metrics;
import io.sightline.server.predict.Predictions.Model;
import io.sightline.server.predict.Predictions.ModelChange;
import io.sightline.server.predict.Predictions.NewPrediction;
import io.sightline.server.predict.Predictions.NewWeight;
import io.sightline.server.predict.Predictions.Overall;
import io.sightline.server.predict.Predictions.Prediction;
import io.sightline.server.predict.Predictions.Weight;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The prediction family's tables (V40): models, predictions, weights and latent points. Writes go
 * through {@link WriteTransactions}, each with its event ({@code prediction_model.*},
 * {@code quality_prediction.created}, {@code model_weight.created}, {@code latent_representation.updated})
 * on the event stream; squares, holes and grids are named by id or alias and resolved by the
 * {@link EntityStore}, as everywhere in the API.
 */
public final class PredictionStore {
    private final Database database;
    private final WriteTransactions transactions;
    private final EntityStore entities;
    private final ObjectMapper mapper;

    public PredictionStore(
            Database database, WriteTransactions transactions, EntityStore entities, ObjectMapper mapper) {
        this.database = Objects.requireNonNull(database);
        this.transactions = Objects.requireNonNull(transactions);
        this.entities = Objects.requireNonNull(entities);
        this.mapper = Objects.requireNonNull(mapper);
    }

    public EntityStore entities() {
        return entities;
    }

    // ------------------------------------------------------------------------------------------ models

    public List<Model> models() {
        return database.read(c -> {
            List<Model> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(
                            "SELECT name, description, can_train, can_infer, can_update FROM prediction_model ORDER BY name");
                    ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(model(rs));
                }
            }
            return out;
        });
    }

    public Optional<Model> findModel(String name) {
        return database.read(c -> findModel(c, name));
    }

    /** The model, or {@link DataException.NotFound}. */
    public Model model(String name) {
        return findModel(name).orElseThrow(() -> notFound(name));
    }

    /** Stores a new model; {@link DataException.Conflict} when the name is taken. */
    public Model createModel(Model model) {
        return transactions.write(tx -> {
            Connection c = tx.connection();
            if (findModel(c, model.name()).isPresent()) {
                throw new DataException.Conflict("prediction model " + model.name() + " already exists", null);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO prediction_model"
                    + " (name, description, can_train, can_infer, can_update, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, model.name());
                ps.setString(2, model.description());
                ps.setBoolean(3, model.canTrain());
                ps.setBoolean(4, model.canInfer());
                ps.setBoolean(5, model.canUpdate());
                ps.setObject(6, utc(tx.now()));
                ps.executeUpdate();
            }
            tx.emit("prediction_model.created", null, null, modelPayload(model));
            return model;
        });
    }

    public Model updateModel(String name, ModelChange change) {
        return transactions.write(tx -> {
            Connection c = tx.connection();
            Model old = findModel(c, name).orElseThrow(() -> notFound(name));
            Model updated = change.applyTo(old);
            try (PreparedStatement ps = c.prepareStatement("UPDATE prediction_model"
                    + " SET description = ?, can_train = ?, can_infer = ?, can_update = ? WHERE name = ?")) {
                ps.setString(1, updated.description());
                ps.setBoolean(2, updated.canTrain());
                ps.setBoolean(3, updated.canInfer());
                ps.setBoolean(4, updated.canUpdate());
                ps.setString(5, name);
                ps.executeUpdate();
            }
            if (!updated.equals(old)) {
                tx.emit("prediction_model.updated", null, null, modelPayload(updated));
            }
            return updated;
        });
    }

    /** Deletes a model with its predictions, weights and latent points. */
    public void deleteModel(String name) {
        transactions.write(tx -> {
            try (PreparedStatement ps =
                    tx.connection().prepareStatement("DELETE FROM prediction_model WHERE name = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) {
                    throw notFound(name);
                }
            }
            tx.emit(
                    "prediction_model.deleted",
                    null,
                    null,
                    mapper.createObjectNode().put("name", name).toString());
            return null;
        });
    }

    // ------------------------------------------------------------------------------------- predictions

    /**
     * Stores a prediction with its event. The square and hole must exist (ids or aliases), so must the
     * model; a hole named with a square must lie on it.
     *
     * @throws DataException.NotFound for an unknown square, hole or model
     * @throws DataException.Invalid when the hole is not on the named square
     */
    public Prediction addPrediction(NewPrediction p) {
        Entity hole = p.foilholeUuid() == null ? null : entities.get(EntityKind.FOILHOLE, p.foilholeUuid());
        Entity square = p.gridsquareUuid() == null ? null : entities.get(EntityKind.GRIDSQUARE, p.gridsquareUuid());
        if (hole != null && square != null && !square.uuid().equals(hole.parentUuid())) {
            throw new DataException.Invalid(
                    "foilhole_uuid", "foil hole " + p.foilholeUuid() + " is not on grid square " + p.gridsquareUuid());
        }
        Entity owner = square != null ? square : entities.get(EntityKind.GRIDSQUARE, hole.parentUuid());
        String gridUuid = owner.parentUuid();
        return transactions.write(tx -> {
            Connection c = tx.connection();
            if (findModel(c, p.modelName()).isEmpty()) {
                throw notFound(p.modelName());
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO quality_prediction (prediction_model_name, metric_name, gridsquare_uuid, foilhole_uuid,"
                            + " square_uuid, grid_uuid, acquisition_uuid, pred_value, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    new String[] {"id"})) {
                ps.setString(1, p.modelName());
                ps.setString(2, p.metricName());
                ps.setString(3, square == null ? null : square.uuid());
                ps.setString(4, hole == null ? null : hole.uuid());
                ps.setString(5, owner.uuid());
                ps.setString(6, gridUuid);
                ps.setString(7, owner.acquisitionUuid());
                ps.setDouble(8, p.value());
                ps.setObject(9, utc(tx.now()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            Prediction stored = new Prediction(
                    id,
                    p.modelName(),
                    p.metricName(),
                    square == null ? null : square.uuid(),
                    hole == null ? null : hole.uuid(),
                    p.value(),
                    tx.now());
            ObjectNode payload = PredictionJson.prediction(mapper, stored).put("grid_uuid", gridUuid);
            tx.emit(
                    "quality_prediction.created",
                    owner.acquisitionUuid(),
                    hole != null ? hole.uuid() : owner.uuid(),
                    payload.toString());
            return stored;
        });
    }

    private static final String PREDICTION_COLUMNS =
            "p.id, p.prediction_model_name, p.metric_name, p.gridsquare_uuid, p.foilhole_uuid, p.pred_value, p.created_at";

    /** The predictions about a square itself (not its holes), oldest first. */
    public List<Prediction> squarePredictions(String squareUuid) {
        String square = entities.get(EntityKind.GRIDSQUARE, squareUuid).uuid();
        return predictions(
                "SELECT " + PREDICTION_COLUMNS + " FROM quality_prediction p WHERE p.square_uuid = ?"
                        + " AND p.foilhole_uuid IS NULL ORDER BY p.created_at, p.id",
                List.of(square));
    }

    /**
     * The predictions about the holes of a square for one metric (null: those without a metric), oldest
     * first, as model → hole's natural id → predictions.
     */
    public Map<String, Map<String, List<Prediction>>> holePredictions(String squareUuid, String metric) {
        String square = entities.get(EntityKind.GRIDSQUARE, squareUuid).uuid();
        Map<String, Map<String, List<Prediction>>> out = new TreeMap<>();
        database.read(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT " + PREDICTION_COLUMNS + ", f.foilhole_id"
                    + " FROM quality_prediction p JOIN foilhole f ON f.uuid = p.foilhole_uuid"
                    + " WHERE p.square_uuid = ? AND "
                    + (metric == null ? "p.metric_name IS NULL" : "p.metric_name = ?")
                    + " ORDER BY p.prediction_model_name, f.foilhole_id, p.created_at, p.id")) {
                q.setString(1, square);
                if (metric != null) {
                    q.setString(2, metric);
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(2), k -> new LinkedHashMap<>())
                                .computeIfAbsent(rs.getString(8), k -> new ArrayList<>())
                                .add(prediction(rs));
                    }
                }
            }
            return null;
        });
        return out;
    }

    /**
     * The latest prediction of {@code model} for each square of a grid; when there is none, for each
     * hole of the grid (answered with the hole's square), as SmartEM answers.
     */
    public List<Prediction> latestForGrid(String model, String gridUuid) {
        String grid = entities.get(EntityKind.GRID, gridUuid).uuid();
        List<Prediction> squares = latestForGridSquares(model, grid);
        if (!squares.isEmpty()) {
            return squares;
        }
        return latestHoles(model, "p.grid_uuid = ?", grid);
    }

    /** The latest prediction of {@code model} about each square of a grid (given by its own id) itself. */
    public List<Prediction> latestForGridSquares(String model, String gridId) {
        return latest(model, "p.grid_uuid = ? AND p.foilhole_uuid IS NULL", gridId, "p.square_uuid");
    }

    /** The latest prediction of {@code model} for each hole of a square. */
    public List<Prediction> latestForSquare(String model, String squareUuid) {
        String square = entities.get(EntityKind.GRIDSQUARE, squareUuid).uuid();
        return latestHoles(model, "p.square_uuid = ?", square);
    }

    private List<Prediction> latestHoles(String model, String where, String id) {
        return latest(model, where + " AND p.foilhole_uuid IS NOT NULL", id, "p.foilhole_uuid");
    }

    /**
     * For each value of {@code key} among the rows {@code where}, the newest prediction of {@code model}.
     * A prediction made about a hole alone is answered with the hole's square, as SmartEM does.
     */
    private List<Prediction> latest(String model, String where, String id, String key) {
        return database.read(c -> {
            Map<String, Prediction> newest = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT " + PREDICTION_COLUMNS + ", " + key
                    + ", p.square_uuid FROM quality_prediction p WHERE p.prediction_model_name = ? AND " + where
                    + " ORDER BY " + key + ", p.created_at DESC, p.id DESC")) {
                q.setString(1, model);
                q.setString(2, id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Prediction p = prediction(rs);
                        if (p.gridsquareUuid() == null) {
                            p = new Prediction(
                                    p.id(),
                                    p.modelName(),
                                    p.metricName(),
                                    rs.getString(9),
                                    p.foilholeUuid(),
                                    p.value(),
                                    p.timestamp());
                        }
                        newest.putIfAbsent(rs.getString(8), p);
                    }
                }
            }
            return List.copyOf(newest.values());
        });
    }

    public Metrics metrics() {
        return database.read(c -> {
            long models;
            try (PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM prediction_model");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                models = rs.getLong(1);
            }
            try (PreparedStatement q = c.prepareStatement(
                            "SELECT COUNT(*), AVG(pred_value), MIN(pred_value), MAX(pred_value) FROM quality_prediction");
                    ResultSet rs = q.executeQuery()) {
                rs.next();
                long total = rs.getLong(1);
                return new Metrics(
                        total,
                        total == 0 ? null : rs.getDouble(2),
                        total == 0 ? null : rs.getDouble(3),
                        total == 0 ? null : rs.getDouble(4),
                        models);
            }
        });
    }

    // ----------------------------------------------------------------------------------------- weights

    /** Records a model's weight on a grid (the newest counts in the overall prediction). */
    public Weight addWeight(String gridUuid, NewWeight w) {
        Entity grid = entities.get(EntityKind.GRID, gridUuid);
        return transactions.write(tx -> {
            Connection c = tx.connection();
            if (findModel(c, w.modelName()).isEmpty()) {
                throw notFound(w.modelName());
            }
            return insertWeight(tx, grid.uuid(), grid.acquisitionUuid(), w);
        });
    }

    /** Stores one weight row and its {@code model_weight.created} event. */
    private Weight insertWeight(WriteTransactions.Tx tx, String grid, String acquisition, NewWeight w)
            throws SQLException {
        long id;
        try (PreparedStatement ps = tx.connection()
                .prepareStatement(
                        "INSERT INTO prediction_model_weight (grid_uuid, prediction_model_name, metric_name, micrograph_uuid,"
                                + " micrograph_quality, prediction_value, quality_score, weight, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
            ps.setString(1, grid);
            ps.setString(2, w.modelName());
            ps.setString(3, w.metricName());
            ps.setString(4, w.micrographUuid());
            ps.setObject(5, w.micrographQuality(), Types.BOOLEAN);
            ps.setObject(6, w.predictionValue(), Types.DOUBLE);
            ps.setObject(7, w.qualityScore(), Types.DOUBLE);
            ps.setDouble(8, w.weight());
            ps.setObject(9, utc(tx.now()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        Weight stored = new Weight(
                id,
                grid,
                w.modelName(),
                w.metricName(),
                w.micrographUuid(),
                w.micrographQuality(),
                w.predictionValue(),
                w.qualityScore(),
                w.weight(),
                tx.now());
        tx.emit(
                "model_weight.created",
                acquisition,
                grid,
                PredictionJson.weight(mapper, stored).toString());
        return stored;
    }

    /**
     * Moves the weights of every model on the micrograph's grid by its measured quality
     * ({@link PriorUpdate}): each model's prediction for the micrograph's hole (else its square), for the
     * metric (else without one), against its newest weight (else {@code 1/n}). Each new weight is stored
     * with the micrograph, the prediction and the quality that moved it, and published.
     *
     * @return the new weights; empty when no model had a prediction for the hole
     * @throws DataException.NotFound for an unknown micrograph
     */
    public List<Weight> priorUpdate(String micrographUuid, String metric, double quality) {
        Entity micrograph = entities.get(EntityKind.MICROGRAPH, micrographUuid);
        Entity hole = entities.get(EntityKind.FOILHOLE, micrograph.parentUuid());
        Entity square = entities.get(EntityKind.GRIDSQUARE, hole.parentUuid());
        String grid = square.parentUuid();
        return transactions.write(tx -> {
            Connection c = tx.connection();
            List<String> models = modelNames(c);
            Map<String, Double> newestWeights = newestByModelAndMetric(c, NEWEST_WEIGHTS, grid);
            Map<String, Double> newestPredictions = new HashMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT prediction_model_name, metric_name, square_uuid,"
                    + " foilhole_uuid, pred_value FROM quality_prediction WHERE square_uuid = ?"
                    + " AND (foilhole_uuid IS NULL OR foilhole_uuid = ?) ORDER BY created_at, id")) {
                q.setString(1, square.uuid());
                q.setString(2, hole.uuid());
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String target = rs.getString(4) != null ? rs.getString(4) : rs.getString(3);
                        newestPredictions.put(key(rs.getString(1), rs.getString(2)) + "\n" + target, rs.getDouble(5));
                    }
                }
            }
            Map<String, Double> weights = new LinkedHashMap<>();
            Map<String, Double> predictions = new LinkedHashMap<>();
            for (String model : models) {
                Double w = lookup(newestWeights, model, metric, "");
                weights.put(model, w != null ? w : 1.0 / models.size());
                Double p = lookup(newestPredictions, model, metric, "\n" + hole.uuid());
                if (p == null) {
                    p = lookup(newestPredictions, model, metric, "\n" + square.uuid());
                }
                if (p != null) {
                    predictions.put(model, p);
                }
            }
            List<Weight> stored = new ArrayList<>();
            for (Map.Entry<String, Double> updated :
                    PriorUpdate.update(weights, predictions, quality).entrySet()) {
                NewWeight w = new NewWeight(
                        updated.getKey(),
                        metric,
                        micrograph.uuid(),
                        quality >= 0.5,
                        predictions.get(updated.getKey()),
                        quality,
                        updated.getValue());
                stored.add(insertWeight(tx, grid, square.acquisitionUuid(), w));
            }
            return stored;
        });
    }

    /** A grid's weights, oldest first, by model. */
    public Map<String, List<Weight>> weights(String gridUuid) {
        String grid = entities.get(EntityKind.GRID, gridUuid).uuid();
        return database.read(c -> {
            Map<String, List<Weight>> out = new TreeMap<>();
            try (PreparedStatement q = c.prepareStatement("SELECT id, grid_uuid, prediction_model_name, metric_name,"
                    + " micrograph_uuid, micrograph_quality, prediction_value, quality_score, weight, created_at"
                    + " FROM prediction_model_weight WHERE grid_uuid = ? ORDER BY created_at, id")) {
                q.setString(1, grid);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Weight w = new Weight(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                (Boolean) rs.getObject(6),
                                nullableDouble(rs, 7),
                                nullableDouble(rs, 8),
                                rs.getDouble(9),
                                instant(rs, 10));
                        out.computeIfAbsent(w.modelName(), k -> new ArrayList<>())
                                .add(w);
                    }
                }
            }
            return out;
        });
    }

    // ----------------------------------------------------------------------------------- latent points

    /**
     * Stores points of a model's latent representation of a grid: each names a square of the grid, or
     * a hole (with or without its square); a newer point for the same square or hole replaces the older.
     *
     * @throws DataException.NotFound for an unknown model, grid, square or hole
     * @throws DataException.Invalid when a square or hole is not on the grid (field named by index)
     */
    public List<LatentPoint> putLatentPoints(String model, String gridUuid, List<LatentPoint> given) {
        Entity grid = entities.get(EntityKind.GRID, gridUuid);
        List<LatentPoint> points = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            LatentPoint p = given.get(i);
            Entity hole = p.foilholeUuid() == null ? null : entities.get(EntityKind.FOILHOLE, p.foilholeUuid());
            String squareId = hole != null ? hole.parentUuid() : p.gridsquareUuid();
            Entity square = entities.get(EntityKind.GRIDSQUARE, squareId);
            if (p.gridsquareUuid() != null && hole != null) {
                Entity named = entities.get(EntityKind.GRIDSQUARE, p.gridsquareUuid());
                if (!named.uuid().equals(square.uuid())) {
                    throw new DataException.Invalid(
                            i + ".foilhole_uuid",
                            "foil hole " + p.foilholeUuid() + " is not on grid square " + named.uuid());
                }
            }
            if (!grid.uuid().equals(square.parentUuid())) {
                throw new DataException.Invalid(
                        i + ".gridsquare_uuid", "grid square " + square.uuid() + " is not on grid " + grid.uuid());
            }
            points.add(new LatentPoint(square.uuid(), hole == null ? null : hole.uuid(), p.x(), p.y(), p.index()));
        }
        return transactions.write(tx -> {
            Connection c = tx.connection();
            if (findModel(c, model).isEmpty()) {
                throw notFound(model);
            }
            try (PreparedStatement delete = c.prepareStatement(
                            "DELETE FROM latent_point WHERE prediction_model_name = ? AND entity_uuid = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO latent_point (prediction_model_name,"
                            + " entity_uuid, gridsquare_uuid, foilhole_uuid, grid_uuid, x, y, cluster_index, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LatentPoint p : points) {
                    String entity = p.foilholeUuid() != null ? p.foilholeUuid() : p.gridsquareUuid();
                    delete.setString(1, model);
                    delete.setString(2, entity);
                    delete.executeUpdate();
                    insert.setString(1, model);
                    insert.setString(2, entity);
                    insert.setString(3, p.gridsquareUuid());
                    insert.setString(4, p.foilholeUuid());
                    insert.setString(5, grid.uuid());
                    insert.setDouble(6, p.x());
                    insert.setDouble(7, p.y());
                    insert.setLong(8, p.index());
                    insert.setObject(9, utc(tx.now()));
                    insert.executeUpdate();
                }
            }
            tx.emit(
                    "latent_representation.updated",
                    grid.acquisitionUuid(),
                    grid.uuid(),
                    mapper.createObjectNode()
                            .put("prediction_model_name", model)
                            .put("grid_uuid", grid.uuid())
                            .put("points", points.size())
                            .toString());
            return List.copyOf(points);
        });
    }

    /** A model's points for the squares of a grid; when it has none, for the holes of the grid. */
    public List<LatentPoint> gridLatentPoints(String model, String gridUuid) {
        String grid = entities.get(EntityKind.GRID, gridUuid).uuid();
        List<LatentPoint> squares = points(model, "grid_uuid = ? AND foilhole_uuid IS NULL", grid);
        return squares.isEmpty() ? points(model, "grid_uuid = ?", grid) : squares;
    }

    /** A model's points for the holes of a square. */
    public List<LatentPoint> squareLatentPoints(String model, String squareUuid) {
        String square = entities.get(EntityKind.GRIDSQUARE, squareUuid).uuid();
        return points(model, "gridsquare_uuid = ? AND foilhole_uuid IS NOT NULL", square);
    }

    private List<LatentPoint> points(String model, String where, String id) {
        return database.read(c -> {
            List<LatentPoint> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT gridsquare_uuid, foilhole_uuid, x, y, cluster_index"
                    + " FROM latent_point WHERE prediction_model_name = ? AND " + where
                    + " ORDER BY gridsquare_uuid, foilhole_uuid")) {
                q.setString(1, model);
                q.setString(2, id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LatentPoint(
                                rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4), rs.getLong(5)));
                    }
                }
            }
            return out;
        });
    }

    /** square or hole id → cluster index in the latent representation of {@code model} on a grid. */
    public Map<String, Long> clusters(String model, String gridUuid) {
        Map<String, Long> out = new HashMap<>();
        for (LatentPoint p : points(model, "grid_uuid = ?", gridUuid)) {
            out.put(p.foilholeUuid() != null ? p.foilholeUuid() : p.gridsquareUuid(), p.index());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- overall

    /**
     * The overall quality of every hole of a grid, and the grid's suggested acquisition order
     * ({@link SuggestedOrder}). Each model's newest prediction for a hole counts (for the hole, else for
     * its square; for the metric, else without one), weighted by the model's newest weight on the grid
     * for that metric (without one, every model weighs the same).
     */
    public List<Overall> overall(String gridUuid) {
        String grid = entities.get(EntityKind.GRID, gridUuid).uuid();
        return database.read(c -> {
            List<String> models = modelNames(c);
            // hole → square, in a stable order
            Map<String, String> holes = new LinkedHashMap<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT f.uuid, f.gridsquare_uuid FROM foilhole f"
                            + " JOIN gridsquare s ON s.uuid = f.gridsquare_uuid WHERE s.grid_uuid = ? ORDER BY f.gridsquare_uuid, f.uuid")) {
                q.setString(1, grid);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        holes.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            // newest value per (model, metric, hole or square); rows come oldest first, so later ones win
            Map<String, Double> newest = new HashMap<>();
            TreeSet<String> metrics = new TreeSet<>();
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT prediction_model_name, metric_name, square_uuid,"
                            + " foilhole_uuid, pred_value FROM quality_prediction WHERE grid_uuid = ? ORDER BY created_at, id")) {
                q.setString(1, grid);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        String metric = rs.getString(2);
                        if (metric != null) {
                            metrics.add(metric);
                        }
                        String target = rs.getString(4) != null ? rs.getString(4) : rs.getString(3);
                        newest.put(key(rs.getString(1), metric) + "\n" + target, rs.getDouble(5));
                    }
                }
            }
            Map<String, Double> weights = newestByModelAndMetric(c, NEWEST_WEIGHTS, grid);
            List<String> metricList = metrics.isEmpty() ? Collections.singletonList(null) : List.copyOf(metrics);
            Map<String, List<SuggestedOrder.Scored>> bySquare = new LinkedHashMap<>();
            Map<String, Double> values = new HashMap<>();
            for (Map.Entry<String, String> h : holes.entrySet()) {
                List<Double> sums = new ArrayList<>();
                for (String metric : metricList) {
                    double sum = 0;
                    for (String model : models) {
                        Double w = lookup(weights, model, metric, "");
                        double weight = w != null ? w : 1.0 / models.size();
                        Double p = lookup(newest, model, metric, "\n" + h.getKey());
                        if (p == null) {
                            p = lookup(newest, model, metric, "\n" + h.getValue());
                        }
                        sum += weight * (p != null ? p : SuggestedOrder.MISSING_PREDICTION);
                    }
                    sums.add(sum);
                }
                double value = models.isEmpty() ? SuggestedOrder.MISSING_PREDICTION : SuggestedOrder.overall(sums);
                values.put(h.getKey(), value);
                bySquare.computeIfAbsent(h.getValue(), k -> new ArrayList<>())
                        .add(new SuggestedOrder.Scored(h.getKey(), value));
            }
            List<String> order = SuggestedOrder.holeOrder(bySquare);
            List<Overall> out = new ArrayList<>(order.size());
            for (int i = 0; i < order.size(); i++) {
                String hole = order.get(i);
                out.add(new Overall(grid, holes.get(hole), hole, values.get(hole), i + 1));
            }
            return out;
        });
    }

    private static List<String> modelNames(Connection c) throws SQLException {
        List<String> models = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name FROM prediction_model ORDER BY name");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                models.add(rs.getString(1));
            }
        }
        return models;
    }

    private static final String NEWEST_WEIGHTS = "SELECT prediction_model_name, metric_name, weight"
            + " FROM prediction_model_weight WHERE grid_uuid = ? ORDER BY created_at, id";

    /** Rows of (model, metric, value), oldest first: the newest value per model and metric. */
    private static Map<String, Double> newestByModelAndMetric(Connection c, String sql, String id) throws SQLException {
        Map<String, Double> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(key(rs.getString(1), rs.getString(2)), rs.getDouble(3));
                }
            }
        }
        return out;
    }

    private static String key(String model, String metric) {
        return model + "\n" + (metric == null ? "" : metric);
    }

    /** The value for a model and metric, falling back to the one recorded without a metric. */
    private static Double lookup(Map<String, Double> map, String model, String metric, String suffix) {
        Double v = metric == null ? null : map.get(model + "\n" + metric + suffix);
        return v != null ? v : map.get(model + "\n" + suffix);
    }

    // ----------------------------------------------------------------------------------------- helpers

    private static Optional<Model> findModel(Connection c, String name) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT name, description, can_train, can_infer, can_update FROM prediction_model WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(model(rs)) : Optional.empty();
            }
        }
    }

    private static Model model(ResultSet rs) throws SQLException {
        return new Model(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5));
    }

    private List<Prediction> predictions(String sql, List<String> params) {
        return database.read(c -> {
            List<Prediction> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    q.setString(i + 1, params.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(prediction(rs));
                    }
                }
            }
            return out;
        });
    }

    private static Prediction prediction(ResultSet rs) throws SQLException {
        return new Prediction(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getDouble(6),
                instant(rs, 7));
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static DataException.NotFound notFound(String model) {
        return new DataException.NotFound("prediction model " + model + " does not exist");
    }

    private String modelPayload(Model m) {
        return PredictionJson.model(mapper, m).toString();
    }
}
