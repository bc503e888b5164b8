package io.sightline.agent.athena;

/** Athena's {@code AreaType} enum (the wire names are the lower-case ones). */
public enum AreaType {
    GRIDSQUARE("gridsquare"),
    FOILHOLE("foilhole"),
    ATLAS("atlas"),
    PARTICLE("particle");

    private final String wireName;

    AreaType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
