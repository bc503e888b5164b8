package io.sightline.agent.athena;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Steering as Athena decisions, {@code decidedBy} "sightline":
 * <ul>
 *   <li>reorder grid squares → one {@code acquisitionOrder} decision per grid square, value = its 1-based position;
 *   <li>skip grid squares → one {@code gridSquareSelection} decision per grid square, value {@code "false"};
 *   <li>reorder foil holes → one {@code acquisitionOrder} decision per foil hole (registered with its grid
 *       square as parent), value = its 1-based position;
 *   <li>skip foil holes → one {@code foilHoleSelection} decision on the grid square, value the JSON list
 *       {@code [{"areaId": hole, "result": "false"}, …]} (the shape of the contract's sample), the holes
 *       registered with the square as parent.
 * </ul>
 * The session is registered once (lazily) and the areas before each batch of decisions (PUT, so repeating
 * is harmless). Decision ids are name-based on session, instruction, area and type, so a retried
 * instruction posts the same ids rather than new ones.
 */
public final class AthenaSteering {
    public static final String DECIDED_BY = "sightline";

    private final AthenaClient client;
    private final UUID sessionId;
    private final String sessionName;
    private final Clock clock;
    private boolean sessionRegistered;

    public AthenaSteering(AthenaClient client, UUID sessionId, String sessionName, Clock clock) {
        this.client = Objects.requireNonNull(client);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.sessionName = Objects.requireNonNull(sessionName);
        this.clock = clock;
    }

    /**
     * The steering of one Sightline session: the Athena session id is the Sightline session id (a uuid
     * the server assigns), or a name-based uuid of agent and session when that id is not a uuid.
     */
    public static AthenaSteering forSession(URI athenaUrl, String agentId, String sessionId) {
        UUID athenaSession;
        try {
            athenaSession = UUID.fromString(sessionId);
        } catch (IllegalArgumentException e) {
            athenaSession =
                    UUID.nameUUIDFromBytes(("sightline:" + agentId + ":" + sessionId).getBytes(StandardCharsets.UTF_8));
        }
        return new AthenaSteering(
                new AthenaClient(athenaUrl, null, java.time.Duration.ofSeconds(30)),
                athenaSession,
                "sightline " + agentId + " " + sessionId,
                Clock.systemUTC());
    }

    public UUID sessionId() {
        return sessionId;
    }

    public URI base() {
        return client.base();
    }

    /** EPU's grid squares in the wanted order. */
    public ObjectNode reorderGridSquares(String instructionId, List<Integer> gridSquares) throws AthenaException {
        List<Area> squares = registerGridSquares(gridSquares);
        return decide(instructionId, squares, DecisionType.ACQUISITION_ORDER, i -> Integer.toString(i + 1));
    }

    /** EPU's grid squares that should not be acquired. */
    public ObjectNode skipGridSquares(String instructionId, List<Integer> gridSquares) throws AthenaException {
        List<Area> squares = registerGridSquares(gridSquares);
        return decide(instructionId, squares, DecisionType.GRID_SQUARE_SELECTION, i -> "false");
    }

    /** The foil holes of one grid square in the wanted order. */
    public ObjectNode reorderFoilHoles(String instructionId, int gridSquare, List<Integer> foilHoles)
            throws AthenaException {
        List<Area> holes = registerFoilHoles(gridSquare, foilHoles);
        return decide(instructionId, holes, DecisionType.ACQUISITION_ORDER, i -> Integer.toString(i + 1));
    }

    /**
     * Foil holes of one grid square that should not be acquired. Athena takes a hole selection as one
     * decision on the square whose value lists holes with {@code result} "true" or "false"; only the skipped
     * holes are named, so EPU's own choice stands for the others.
     */
    public ObjectNode skipFoilHoles(String instructionId, int gridSquare, List<Integer> foilHoles)
            throws AthenaException {
        registerFoilHoles(gridSquare, foilHoles);
        ArrayNode selection = JsonNodeFactory.instance.arrayNode();
        foilHoles.forEach(id -> selection.addObject().put("areaId", id).put("result", "false"));
        ObjectNode result = decide(
                instructionId,
                List.of(gridSquareArea(gridSquare)),
                DecisionType.FOIL_HOLE_SELECTION,
                i -> selection.toString());
        ArrayNode skipped = result.putArray("foilhole_ids");
        foilHoles.forEach(skipped::add);
        return result;
    }

    private Area gridSquareArea(int id) {
        return new Area(id, sessionId, AreaType.GRIDSQUARE, null);
    }

    private List<Area> registerGridSquares(List<Integer> gridSquares) throws AthenaException {
        List<Area> squares = gridSquares.stream().map(this::gridSquareArea).toList();
        ensureSession();
        client.registerAreas(squares);
        return squares;
    }

    /** Registers the grid square, then its foil holes under it (parent first); answers the holes' areas. */
    private List<Area> registerFoilHoles(int gridSquare, List<Integer> foilHoles) throws AthenaException {
        registerGridSquares(List.of(gridSquare));
        List<Area> holes = foilHoles.stream()
                .map(id -> new Area(id, sessionId, AreaType.FOILHOLE, gridSquare))
                .toList();
        client.registerAreas(holes);
        return holes;
    }

    /** One decision of {@code type} per area (registered before), posted in one request. */
    private ObjectNode decide(
            String instructionId, List<Area> areas, DecisionType type, java.util.function.IntFunction<String> valueAt)
            throws AthenaException {
        Instant now = clock.instant();
        List<Decision> decisions = new ArrayList<>(areas.size());
        for (int i = 0; i < areas.size(); i++) {
            Area area = areas.get(i);
            UUID id = UUID.nameUUIDFromBytes((sessionId + "/" + instructionId + "/" + area.id() + "/" + type.wireName())
                    .getBytes(StandardCharsets.UTF_8));
            decisions.add(new Decision(
                    id,
                    sessionId,
                    area.id(),
                    type,
                    valueAt.apply(i),
                    DECIDED_BY,
                    "sightline instruction " + instructionId,
                    now));
        }
        client.postDecisions(decisions);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("athena_session_id", sessionId.toString());
        result.put("decision_type", type.wireName());
        result.put("decisions", decisions.size());
        ArrayNode ids = result.putArray("area_ids");
        areas.forEach(a -> ids.add(a.id()));
        return result;
    }

    private synchronized void ensureSession() throws AthenaException {
        if (!sessionRegistered) {
            client.registerSession(sessionId, sessionName, clock.instant());
            sessionRegistered = true;
        }
    }
}
