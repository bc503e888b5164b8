package io.sightline.core.image.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Undoes TIFF's horizontal differencing (Predictor 2) on a decoded strip or tile, row by row. */
final class Predictor {

    static final int NONE = 1, HORIZONTAL = 2;

    private Predictor() {}

    /**
     * @param chunkWidth pixels per row of the chunk (a tile's width, or the image's for strips)
     * @param samples    samples per pixel
     * @param bytes      bytes per sample: 1 or 2
     */
    static void undoHorizontal(byte[] chunk, int chunkWidth, int samples, int bytes, ByteOrder order) {
        int rowBytes = chunkWidth * samples * bytes;
        int rows = chunk.length / rowBytes;
        if (bytes == 1) {
            for (int r = 0; r < rows; r++) {
                int start = r * rowBytes;
                for (int i = start + samples; i < start + rowBytes; i++) {
                    chunk[i] += chunk[i - samples];
                }
            }
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(chunk).order(order);
        int stride = samples * 2;
        for (int r = 0; r < rows; r++) {
            int start = r * rowBytes;
            for (int i = start + stride; i < start + rowBytes; i += 2) {
                b.putShort(i, (short) (b.getShort(i) + b.getShort(i - stride)));
            }
        }
    }
}
