package io.sightline.core.wire;

import java.util.Optional;

/**
 * The instruction types the Sightline agent handles (docs/steering.md has each one's payload). The server
 * stores any type (SmartEM's contract does not close the set); an agent declines a type it has no
 * handler for.
 */
public enum InstructionType implements WireName {
    AGENT_STATUS_REQUEST("agent.status.request"),
    AGENT_CONFIG_UPDATE("agent.config.update"),
    AGENT_INFO_DATASTORE("agent.info.datastore"),
    AGENT_INFO_METRICS("agent.info.metrics"),
    AGENT_INFO_ERRORS("agent.info.errors"),
    AGENT_INFO_ORPHANS("agent.info.orphans"),
    /** Athena {@code acquisitionOrder} decisions on grid squares. */
    REORDER_GRIDSQUARES("microscope.control.reorder_gridsquares"),
    /** Athena {@code gridSquareSelection} decisions with value {@code false}. */
    SKIP_GRIDSQUARES("microscope.control.skip_gridsquares"),
    /** Athena {@code acquisitionOrder} decisions on the foil holes of one grid square. */
    REORDER_FOILHOLES("microscope.control.reorder_foilholes"),
    /** One Athena {@code foilHoleSelection} decision on the grid square, its listed foil holes {@code false}. */
    SKIP_FOILHOLES("microscope.control.skip_foilholes");

    private final String wireName;

    InstructionType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public static Optional<InstructionType> parse(String wire) {
        return WireName.find(InstructionType.class, wire);
    }
}
