package io.sightline.core.image.tiff;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.ImageReadException;
import java.nio.ByteOrder;

/** Decodes one band of rows: a strip, or the tiles of one tile row laid side by side into image-wide rows. */
final class TiffBands {

    private TiffBands() {}

    static byte[] decode(BoundedFile file, ByteOrder order, TiffPage page, int band) throws ImageReadException {
        if (!page.tiled()) {
            return chunk(file, order, page, band);
        }
        int rowBytes = page.rowBytes();
        int pixelBytes = page.samples() * page.type().bytes();
        int tileRowBytes = page.chunkWidth() * pixelBytes;
        int rows = Math.min(page.chunkHeight(), page.height() - band * page.chunkHeight());
        byte[] out = new byte[Math.multiplyExact(rows, rowBytes)];
        for (int t = 0; t < page.across(); t++) {
            byte[] tile = chunk(file, order, page, band * page.across() + t);
            int x = t * page.chunkWidth();
            int copy = Math.min(page.chunkWidth(), page.width() - x) * pixelBytes;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * tileRowBytes, out, r * rowBytes + x * pixelBytes, copy);
            }
        }
        return out;
    }

    private static byte[] chunk(BoundedFile file, ByteOrder order, TiffPage page, int i) throws ImageReadException {
        String what = (page.tiled() ? "tile " : "strip ") + i + " of page " + page.index();
        long rows = TiffPage.rowsIn(i, page.across(), page.chunkHeight(), page.height(), page.tiled());
        int pixelBytes = page.samples() * page.type().bytes();
        byte[] decoded = new byte[Math.toIntExact(rows * page.chunkWidth() * pixelBytes)];
        long stored = page.compression() == Compressions.NONE ? decoded.length : page.byteCounts()[i];
        byte[] raw = new byte[Math.toIntExact(stored)];
        file.readFully(page.offsets()[i], java.nio.ByteBuffer.wrap(raw), what);
        String problem = Compressions.decompressor(page.compression()).decompress(raw, decoded);
        if (problem != null) {
            throw new ImageReadException.Malformed(
                    file.file(), what, Compressions.name(page.compression()) + " data " + problem);
        }
        if (page.predictor() == Predictor.HORIZONTAL) {
            Predictor.undoHorizontal(
                    decoded, page.chunkWidth(), page.samples(), page.type().bytes(), order);
        }
        return decoded;
    }
}
