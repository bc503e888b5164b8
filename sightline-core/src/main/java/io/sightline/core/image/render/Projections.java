package io.sightline.core.image.render;

import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Plane;
import io.sightline.core.image.PlaneRequest;
import io.sightline.core.image.Subsampling;

/** Folds every page of a file into one plane, a page at a time, so memory holds two planes whatever the depth. */
final class Projections {

    interface Fold {
        float apply(float accumulated, float value);
    }

    private Projections() {}

    static Plane combine(ImageReader reader, int step, Fold fold, float scale) throws ImageReadException {
        Plane first = reader.read(new PlaneRequest(0, step, Subsampling.MEAN));
        float[] acc = first.values();
        for (int page = 1; page < reader.header().pages(); page++) {
            Plane next = reader.read(new PlaneRequest(page, step, Subsampling.MEAN));
            if (next.width() != first.width() || next.height() != first.height()) {
                throw new ImageReadException.Unsupported(
                        reader.header().file(),
                        null,
                        "page " + page + " is " + next.width() + " × " + next.height() + " at this step, page 0 is "
                                + first.width() + " × " + first.height()
                                + ": pages of different sizes are not projected");
            }
            float[] values = next.values();
            for (int i = 0; i < acc.length; i++) {
                acc[i] = fold.apply(acc[i], values[i]);
            }
        }
        if (scale != 1f) {
            for (int i = 0; i < acc.length; i++) {
                acc[i] *= scale;
            }
        }
        return first;
    }
}
