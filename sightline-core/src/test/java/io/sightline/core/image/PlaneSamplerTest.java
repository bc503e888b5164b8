package io.sightline.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaneSamplerTest {

    /** Rows of a width × height plane whose value is y * 1000 + x, recording how many samples each read asked for. */
    private static final class Rows implements RowSource {
        final int width;
        final List<Integer> reads = new ArrayList<>();

        Rows(int width) {
            this.width = width;
        }

        @Override
        public void read(int y, int count, float[] dst, int offset) {
            reads.add(count * width);
            for (int r = 0; r < count; r++) {
                for (int x = 0; x < width; x++) {
                    dst[offset + r * width + x] = (y + r) * 1000 + x;
                }
            }
        }
    }

    @Test
    void pickingReadsOnlyEveryStepthRowAndTakesEveryStepthSample() throws ImageReadException {
        Rows rows = new Rows(10);

        Plane plane = PlaneSampler.sample(10, 7, rows, new PlaneRequest(0, 3, Subsampling.SAMPLE));

        assertThat(plane.width()).isEqualTo(4);
        assertThat(plane.height()).isEqualTo(3);
        assertThat(plane.values()).containsExactly(0, 3, 6, 9, 3000, 3003, 3006, 3009, 6000, 6003, 6006, 6009);
        assertThat(rows.reads).hasSize(3);
    }

    @Test
    void blockMeansAverageOnlyThePixelsOfPartialEdgeBlocks() throws ImageReadException {
        Plane plane = PlaneSampler.sample(5, 3, new Rows(5), new PlaneRequest(0, 2, Subsampling.MEAN));

        assertThat(plane.width()).isEqualTo(3);
        assertThat(plane.height()).isEqualTo(2);
        // block (0,0) is rows 0-1, columns 0-1; the last column and row hold one pixel each way
        assertThat(plane.values()).containsExactly(500.5f, 502.5f, 504f, 2000.5f, 2002.5f, 2004f);
    }

    @Test
    void aStepLargerThanThePlaneIsOneMeanReadInBoundedBands() throws ImageReadException {
        Rows rows = new Rows(300);

        Plane plane = PlaneSampler.sample(300, 500, rows, new PlaneRequest(0, Integer.MAX_VALUE, Subsampling.MEAN));

        assertThat(plane.width()).isEqualTo(1);
        assertThat(plane.values()[0]).isCloseTo(249.5f * 1000 + 149.5f, org.assertj.core.data.Offset.offset(0.5f));
        assertThat(rows.reads).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PlaneSampler.BAND_SAMPLES));
    }

    @Test
    void stepOneReadsEveryPixelInBands() throws ImageReadException {
        Rows rows = new Rows(70_000 / 1000);

        Plane plane = PlaneSampler.sample(70, 2000, rows, PlaneRequest.full(0));

        assertThat(plane.at(69, 1999)).isEqualTo(1999 * 1000 + 69);
        assertThat(rows.reads).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PlaneSampler.BAND_SAMPLES));
        assertThat(rows.reads).hasSizeGreaterThan(1);
    }
}
