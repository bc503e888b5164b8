package io.sightline.core.image.render;

/**
 * What to render: which plane, with what contrast, fitted into {@code edge × edge} pixels (never enlarged),
 * encoded how.
 */
public record RenderRequest(Selection selection, Contrast contrast, int edge, OutputFormat format) {

    /** Edges from a 16-pixel icon to a 4096-pixel full view. */
    public static final int MIN_EDGE = 16, MAX_EDGE = 4096;

    public RenderRequest {
        if (edge < MIN_EDGE || edge > MAX_EDGE) {
            throw new IllegalArgumentException("edge must be " + MIN_EDGE + " to " + MAX_EDGE + " pixels, is " + edge);
        }
    }

    /** The first page, auto contrast, as PNG. */
    public static RenderRequest thumbnail(int edge) {
        return new RenderRequest(new Selection.Page(0), Contrast.auto(), edge, OutputFormat.PNG);
    }
}
