package io.sightline.core.image.mrc;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.Plane;
import io.sightline.core.image.PlaneRequest;
import io.sightline.core.image.PlaneSampler;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An open MRC2014 file. Sections lie one after the other after the extended header, rows inside them, so one
 * row is one positional read at a computable offset: a section, or every step-th row of it, is read without
 * touching the rest of the file.
 */
final class MrcReader implements ImageReader {

    private final BoundedFile file;
    private final MrcHeader mrc;
    private final long dataOffset;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    private MrcReader(BoundedFile file, MrcHeader mrc) {
        this.file = file;
        this.mrc = mrc;
        this.dataOffset = ((MrcDetails) mrc.header().details()).dataOffset();
    }

    static MrcReader open(Path path, ImageLimits limits) throws ImageReadException {
        BoundedFile file = BoundedFile.open(path);
        try {
            int available = (int) Math.min(MrcHeader.SIZE, file.size());
            ByteBuffer head = file.read(0, available, ByteOrder.LITTLE_ENDIAN, "header");
            return new MrcReader(file, MrcHeader.parse(path, head, file.size(), limits));
        } catch (ImageReadException e) {
            file.closeAfter(e);
            throw e;
        }
    }

    @Override
    public ImageHeader header() {
        return mrc.header();
    }

    @Override
    public Plane read(PlaneRequest request) throws ImageReadException {
        ImageHeader h = mrc.header();
        h.requirePage(request.page());
        long planeStart = dataOffset + request.page() * mrc.planeBytes();
        int rowBytes = h.width() * h.dtype().bytes();
        PixelType type = h.dtype();
        return PlaneSampler.sample(
                h.width(),
                h.height(),
                (y, count, dst, offset) -> {
                    ByteBuffer bytes = buffer(count * rowBytes);
                    file.readFully(planeStart + (long) y * rowBytes, bytes, "section " + request.page());
                    type.decode(bytes.flip(), dst, offset, count * h.width());
                },
                request);
    }

    /** One buffer for the reader's reads: a band is at most a few hundred kilobytes (see PlaneSampler). */
    private ByteBuffer buffer(int length) {
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocate(length).order(mrc.byteOrder());
        }
        return buffer.clear().limit(length);
    }

    @Override
    public void close() throws ImageReadException {
        file.close();
    }
}
