package io.sightline.core.image.render;

import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Plane;
import io.sightline.core.image.PlaneRequest;
import io.sightline.core.image.Subsampling;

/** Which plane a rendering shows: one page (an MRC section, a TIFF page), or a projection over all of them. */
public sealed interface Selection {

    /** Reads the selected plane at {@code step} (each value the mean of a step × step block). */
    Plane read(ImageReader reader, int step) throws ImageReadException;

    /** Page {@code index} from 0. */
    record Page(int index) implements Selection {
        public Page {
            if (index < 0) {
                throw new IllegalArgumentException("page must be at least 0, is " + index);
            }
        }

        @Override
        public Plane read(ImageReader reader, int step) throws ImageReadException {
            return reader.read(new PlaneRequest(index, step, Subsampling.MEAN));
        }
    }

    /** The brightest value through all pages at each pixel (maximum intensity projection). */
    record MaxProjection() implements Selection {
        @Override
        public Plane read(ImageReader reader, int step) throws ImageReadException {
            return Projections.combine(reader, step, Math::max, 1);
        }
    }

    /** The mean through all pages at each pixel. */
    record MeanProjection() implements Selection {
        @Override
        public Plane read(ImageReader reader, int step) throws ImageReadException {
            return Projections.combine(
                    reader, step, Float::sum, 1f / reader.header().pages());
        }
    }
}
