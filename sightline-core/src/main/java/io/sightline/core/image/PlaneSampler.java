package io.sightline.core.image;

import java.util.Arrays;

/**
 * Turns rows into a {@link Plane} as a {@link PlaneRequest} asks: every row, every step-th row and sample, or
 * the mean of each block. Shared by every format, so a step means the same whatever the file. Besides the
 * result it holds at most {@link #BAND_SAMPLES} samples (and one row) however large the step.
 */
public final class PlaneSampler {

    /** Samples read at once: a few hundred kilobytes per read keeps system calls few and memory small. */
    static final int BAND_SAMPLES = 1 << 16;

    private PlaneSampler() {}

    public static Plane sample(int width, int height, RowSource rows, PlaneRequest request) throws ImageReadException {
        // a step past the plane's longest edge gives the same one value per block; capping it keeps sums exact
        int step = Math.min(request.step(), Math.max(width, height));
        if (step == 1) {
            return full(width, height, rows);
        }
        return request.subsampling() == Subsampling.MEAN
                ? mean(width, height, rows, step)
                : pick(width, height, rows, step);
    }

    private static Plane full(int width, int height, RowSource rows) throws ImageReadException {
        float[] values = new float[Math.multiplyExact(width, height)];
        int band = rowsPerBand(width);
        for (int y = 0; y < height; y += band) {
            rows.read(y, Math.min(band, height - y), values, y * width);
        }
        return new Plane(width, height, values);
    }

    private static Plane pick(int width, int height, RowSource rows, int step) throws ImageReadException {
        int outW = ceilDiv(width, step);
        int outH = ceilDiv(height, step);
        float[] values = new float[outW * outH];
        float[] row = new float[width];
        for (int oy = 0; oy < outH; oy++) {
            rows.read(oy * step, 1, row, 0);
            int at = oy * outW;
            for (int ox = 0, x = 0; ox < outW; ox++, x += step) {
                values[at + ox] = row[x];
            }
        }
        return new Plane(outW, outH, values);
    }

    private static Plane mean(int width, int height, RowSource rows, int step) throws ImageReadException {
        int outW = ceilDiv(width, step);
        int outH = ceilDiv(height, step);
        float[] values = new float[outW * outH];
        int bandRows = rowsPerBand(width);
        float[] band = new float[bandRows * width];
        // the block's rows are summed column by column first (one add per sample, a loop the JIT can
        // vectorise), then each block's columns once per block row: far fewer steps than summing block by
        // block along every row, which for the thumbnail's usual step of 2 was the render's largest cost
        double[] columns = new double[width];
        for (int oy = 0; oy < outH; oy++) {
            int top = oy * step;
            int blockRows = Math.min(step, height - top);
            Arrays.fill(columns, 0);
            for (int done = 0; done < blockRows; done += bandRows) {
                int count = Math.min(bandRows, blockRows - done);
                rows.read(top + done, count, band, 0);
                addRows(band, count, width, columns);
            }
            int at = oy * outW;
            for (int ox = 0, x = 0; ox < outW; ox++) {
                int end = Math.min(x + step, width);
                int blockWidth = end - x;
                double sum = 0;
                for (; x < end; x++) {
                    sum += columns[x];
                }
                values[at + ox] = (float) (sum / ((double) blockWidth * blockRows));
            }
        }
        return new Plane(outW, outH, values);
    }

    private static void addRows(float[] band, int rows, int width, double[] columns) {
        for (int r = 0; r < rows; r++) {
            int rowAt = r * width;
            for (int x = 0; x < width; x++) {
                columns[x] += band[rowAt + x];
            }
        }
    }

    private static int rowsPerBand(int width) {
        return Math.max(1, BAND_SAMPLES / width);
    }

    private static int ceilDiv(int size, int step) {
        return (int) ((size + (long) step - 1) / step);
    }
}
