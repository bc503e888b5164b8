package io.sightline.agent.steer;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.agent.athena.AreaIds;
import io.sightline.agent.athena.AthenaException;
import io.sightline.agent.athena.AthenaSteering;
import io.sightline.core.wire.InstructionType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The {@code microscope.control.*} handlers: payload checks (a malformed payload is declined, not
 * attempted), then Athena decisions through {@link AthenaSteering}; an Athena refusal or outage is
 * {@code failed} with the service's problem detail. Without an Athena URL every steering instruction is
 * declined with that reason.
 */
public final class SteeringHandlers {
    /** The instruction types these handlers take. */
    public static final List<InstructionType> TYPES = List.of(
            InstructionType.REORDER_GRIDSQUARES,
            InstructionType.SKIP_GRIDSQUARES,
            InstructionType.REORDER_FOILHOLES,
            InstructionType.SKIP_FOILHOLES);

    private SteeringHandlers() {}

    /** Adds the handlers of {@link #TYPES}, acting on {@code athena}, or declining when it is null. */
    public static HandlerRegistry.Builder register(HandlerRegistry.Builder registry, AthenaSteering athena) {
        if (athena == null) {
            InstructionHandler decline = i -> new Outcome.Declined(i.instructionType()
                    + " needs the Athena Decision Service, and this agent runs without --athena-url");
            TYPES.forEach(type -> registry.on(type, decline));
            return registry;
        }
        return registry.on(
                        InstructionType.REORDER_GRIDSQUARES,
                        i -> act(() -> athena.reorderGridSquares(
                                i.instructionId(), ids(i.payload(), "gridsquare_ids", "grid square", true))))
                .on(
                        InstructionType.SKIP_GRIDSQUARES,
                        i -> act(() -> athena.skipGridSquares(
                                i.instructionId(), ids(i.payload(), "gridsquare_ids", "grid square", true))))
                .on(
                        InstructionType.REORDER_FOILHOLES,
                        i -> act(() -> athena.reorderFoilHoles(
                                i.instructionId(),
                                gridSquare(i.payload()),
                                ids(i.payload(), "foilhole_ids", "foil hole", true))))
                .on(
                        InstructionType.SKIP_FOILHOLES,
                        i -> act(() -> athena.skipFoilHoles(
                                i.instructionId(),
                                gridSquare(i.payload()),
                                ids(i.payload(), "foilhole_ids", "foil hole", true))));
    }

    /** The one grid square whose foil holes a payload steers. */
    private static int gridSquare(JsonNode payload) {
        JsonNode square = payload.get("gridsquare_id");
        if (square == null || !(square.isTextual() || square.isIntegralNumber())) {
            throw new IllegalArgumentException("payload needs gridsquare_id (an EPU grid square id)");
        }
        return AreaIds.of("grid square", square.asText());
    }

    private interface Action {
        JsonNode run() throws AthenaException;
    }

    private static Outcome act(Action action) {
        try {
            return new Outcome.Processed(action.run());
        } catch (IllegalArgumentException e) {
            return new Outcome.Declined(e.getMessage());
        } catch (AthenaException e) {
            return new Outcome.Failed(e.getMessage(), null);
        }
    }

    /** A non-empty list of EPU ids (numbers or numeric strings), each once. */
    static List<Integer> ids(JsonNode payload, String field, String kind, boolean unique) {
        JsonNode list = payload.get(field);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("payload needs " + field + ": a non-empty list of EPU " + kind + " ids");
        }
        List<Integer> out = new ArrayList<>(list.size());
        HashSet<Integer> seen = new HashSet<>();
        for (JsonNode item : list) {
            if (!(item.isTextual() || item.isIntegralNumber())) {
                throw new IllegalArgumentException(field + " holds " + item + ", not an EPU " + kind + " id");
            }
            int id = AreaIds.of(kind, item.asText());
            if (unique && !seen.add(id)) {
                throw new IllegalArgumentException(field + " names " + kind + " " + id + " twice");
            }
            out.add(id);
        }
        return out;
    }
}
