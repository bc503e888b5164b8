package io.sightline.agent.athena;

/** Athena's {@code DecisionType} enum; the agent posts the selection and order decisions. */
public enum DecisionType {
    INCLUDE("include"),
    FOCUS("focus"),
    STAGE_WAITING_TIME("stageWaitingTime"),
    ACQUISITION_ORDER("acquisitionOrder"),
    FOIL_HOLE_SELECTION("foilHoleSelection"),
    GRID_SQUARE_SELECTION("gridSquareSelection"),
    ICE_THICKNESS_FOIL_HOLE_PREDICTION("iceThicknessFoilHolePrediction"),
    AUTOMATIC_FOIL_HOLE_FINDING("automaticFoilHoleFinding");

    private final String wireName;

    DecisionType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
