package io.sightline.agent.images;

/**
 * The kinds of image EPU writes, as data-object kinds (the {@code kind} of a registration), in the order
 * a burst is registered: a kind's parent images come from the kinds ranked before it.
 */
public enum ImageKind {
    ATLAS("atlas"),
    ATLAS_TILE("atlas_tile"),
    GRIDSQUARE("gridsquare"),
    FOILHOLE("foilhole"),
    MICROGRAPH("micrograph"),
    /** The dose fractions of a micrograph ({@code *_Fractions.tiff|mrc}). */
    MOVIE("movie");

    private final String wireName;

    ImageKind(String wireName) {
        this.wireName = wireName;
    }

    /** The data object's {@code kind}; {@code atlas} and {@code gridsquare} are what SmartEM's image routes look for. */
    public String wireName() {
        return wireName;
    }
}
