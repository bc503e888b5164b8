package io.sightline.core.image.tiff;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.Channels;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Layout;
import io.sightline.core.image.PixelType;
import io.sightline.core.image.Plane;
import io.sightline.core.image.PlaneRequest;
import io.sightline.core.image.PlaneSampler;
import io.sightline.core.image.RowSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An open TIFF file. Opening walks the chain of directories (to count pages, with a guard against loops) and
 * reads the first page's; another page's directory is read when that page is. Pixels of uncompressed strips
 * are read row by row where they lie; compressed strips and tiles are decoded one band at a time, so a
 * subsampled read decodes only the bands its rows fall in.
 */
final class TiffReader implements ImageReader {

    private static final Pattern IMAGEJ_SLICES = Pattern.compile("(?m)^slices=(\\d+)$");

    private final BoundedFile file;
    private final ByteOrder order;
    private final ImageLimits limits;
    private final long[] directoryOffsets;
    private final ImageHeader header;
    private TiffPage current;
    private int bandIndex = -1;
    private byte[] band;
    private ByteBuffer direct;

    private TiffReader(
            BoundedFile file,
            ByteOrder order,
            ImageLimits limits,
            long[] directoryOffsets,
            TiffPage first,
            ImageHeader header) {
        this.file = file;
        this.order = order;
        this.limits = limits;
        this.directoryOffsets = directoryOffsets;
        this.current = first;
        this.header = header;
    }

    static TiffReader open(Path path, ImageLimits limits) throws ImageReadException {
        BoundedFile file = BoundedFile.open(path);
        try {
            ByteBuffer start = file.read(0, 8, ByteOrder.LITTLE_ENDIAN, "TIFF header");
            ByteOrder order = byteOrder(path, start);
            start.order(order);
            int magic = start.getShort(2) & 0xFFFF;
            if (magic == 43) {
                throw new ImageReadException.Unsupported(path, "TIFF header", "BigTIFF is not read");
            }
            if (magic != 42) {
                throw new ImageReadException.Malformed(path, "TIFF header", "magic number is " + magic + ", not 42");
            }
            long[] offsets = directoryChain(file, order, start.getInt(4) & 0xFFFFFFFFL, limits);
            Ifd firstIfd = Ifd.read(file, order, 0, offsets[0]);
            TiffPage first = TiffPage.of(firstIfd, limits, file.size());
            String description = firstIfd.text(TiffTag.IMAGE_DESCRIPTION);
            Layout layout = layout(offsets.length, description);
            TiffDetails details = new TiffDetails(
                    order == ByteOrder.LITTLE_ENDIAN ? "little-endian" : "big-endian",
                    Compressions.name(first.compression()),
                    first.predictor(),
                    first.photometric(),
                    first.tiled() ? "tiles" : "strips",
                    firstIfd.text(TiffTag.SOFTWARE),
                    description);
            ImageHeader header = new ImageHeader(
                    path,
                    TiffFormat.NAME,
                    first.width(),
                    first.height(),
                    offsets.length,
                    first.samples(),
                    first.type(),
                    layout,
                    TiffSpacing.of(
                            firstIfd.rational(TiffTag.X_RESOLUTION),
                            firstIfd.rational(TiffTag.Y_RESOLUTION),
                            firstIfd.number(TiffTag.RESOLUTION_UNIT, TiffSpacing.UNIT_INCH),
                            description,
                            layout == Layout.VOLUME),
                    details);
            return new TiffReader(file, order, limits, offsets, first, header);
        } catch (ImageReadException e) {
            file.closeAfter(e);
            throw e;
        }
    }

    private static ByteOrder byteOrder(Path path, ByteBuffer start) throws ImageReadException {
        if (start.get(0) == 'I' && start.get(1) == 'I') {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (start.get(0) == 'M' && start.get(1) == 'M') {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new ImageReadException.Malformed(path, "TIFF header", "byte order is neither II nor MM");
    }

    /** The offset of every directory: only each one's entry count and next-offset are read here. */
    private static long[] directoryChain(BoundedFile file, ByteOrder order, long first, ImageLimits limits)
            throws ImageReadException {
        long[] offsets = new long[16];
        int count = 0;
        Set<Long> seen = new HashSet<>();
        for (long at = first; at != 0; ) {
            if (at < 8 || !seen.add(at)) {
                throw new ImageReadException.Malformed(
                        file.file(),
                        "IFD " + count + " offset",
                        at < 8 ? "points into the header (" + at + ")" : "loops back to byte " + at);
            }
            if (count == limits.maxPages()) {
                throw new ImageReadException.TooLarge(
                        file.file(), "IFD chain", "more than the limit of " + limits.maxPages() + " pages");
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = at;
            int entries = file.read(at, 2, order, "IFD " + (count - 1)).getShort() & 0xFFFF;
            at = file.read(at + 2 + entries * 12L, 4, order, "IFD " + (count - 1))
                            .getInt()
                    & 0xFFFFFFFFL;
        }
        if (count == 0) {
            throw new ImageReadException.Malformed(file.file(), "TIFF header", "has no image directory");
        }
        return Arrays.copyOf(offsets, count);
    }

    private static Layout layout(int pages, String description) {
        if (pages == 1) {
            return Layout.IMAGE;
        }
        if (description != null && description.startsWith("ImageJ=")) {
            var slices = IMAGEJ_SLICES.matcher(description);
            if (slices.find() && !slices.group(1).matches("0*1?")) { // more than one slice, however many digits
                return Layout.VOLUME;
            }
        }
        return Layout.STACK;
    }

    @Override
    public ImageHeader header() {
        return header;
    }

    @Override
    public Plane read(PlaneRequest request) throws ImageReadException {
        header.requirePage(request.page());
        TiffPage page = page(request.page());
        return PlaneSampler.sample(page.width(), page.height(), rows(page), request);
    }

    private TiffPage page(int index) throws ImageReadException {
        if (current.index() != index) {
            current = TiffPage.of(Ifd.read(file, order, index, directoryOffsets[index]), limits, file.size());
            bandIndex = -1;
            band = null;
        }
        return current;
    }

    private RowSource rows(TiffPage page) {
        if (page.compression() == Compressions.NONE && !page.tiled() && page.predictor() == Predictor.NONE) {
            return directRows(page);
        }
        float[] samples = page.samples() > 1 ? new float[page.width() * page.samples()] : null;
        return (y, count, dst, offset) -> {
            for (int r = 0; r < count; r++) {
                decodeRow(page, bandRow(page, y + r), samples, dst, offset + r * page.width());
            }
        };
    }

    /** Rows of uncompressed strips, read where they lie: the rows asked for within one strip in one read. */
    private RowSource directRows(TiffPage page) {
        float[] samples = page.samples() > 1 ? new float[page.width() * page.samples()] : null;
        int rowBytes = page.rowBytes();
        return (y, count, dst, offset) -> {
            for (int done = 0; done < count; ) {
                int row = y + done;
                int strip = row / page.chunkHeight();
                int inStrip = row - strip * page.chunkHeight();
                int rows = Math.min(count - done, page.chunkHeight() - inStrip);
                ByteBuffer bytes = buffer(rows * rowBytes);
                file.readFully(
                        page.offsets()[strip] + (long) inStrip * rowBytes,
                        bytes,
                        "StripOffsets (page " + page.index() + ")");
                bytes.flip();
                for (int r = 0; r < rows; r++) {
                    decodeRow(page, bytes, samples, dst, offset + (done + r) * page.width());
                }
                done += rows;
            }
        };
    }

    /** One buffer for the reader's direct reads: at most a band of rows (see PlaneSampler) long. */
    private ByteBuffer buffer(int length) {
        if (direct == null || direct.capacity() < length) {
            direct = ByteBuffer.allocate(length).order(order);
        }
        return direct.clear().limit(length);
    }

    /** A row of a decoded band (a strip, or a row of tiles put side by side). */
    private ByteBuffer bandRow(TiffPage page, int y) throws ImageReadException {
        int index = y / page.chunkHeight();
        if (index != bandIndex) {
            band = TiffBands.decode(file, order, page, index);
            bandIndex = index;
        }
        int at = (y - index * page.chunkHeight()) * page.rowBytes();
        return ByteBuffer.wrap(band, at, page.rowBytes()).order(order);
    }

    private static void decodeRow(TiffPage page, ByteBuffer bytes, float[] samples, float[] dst, int offset) {
        int width = page.width();
        if (samples == null) {
            page.type().decode(bytes, dst, offset, width);
            if (page.photometric() == TiffPage.WHITE_IS_ZERO) {
                invert(page.type(), dst, offset, width);
            }
        } else {
            page.type().decode(bytes, samples, 0, width * page.samples());
            Channels.toGrey(samples, page.samples(), width, dst, offset);
        }
    }

    /** White-is-zero grey: the brightest value is the type's smallest, so flip unsigned integers about their range. */
    private static void invert(PixelType type, float[] dst, int offset, int count) {
        float max = switch (type) {
            case UINT8 -> 255f;
            case UINT16 -> 65535f;
            default -> 0f;
        };
        for (int i = offset; i < offset + count; i++) {
            dst[i] = max - dst[i];
        }
    }

    @Override
    public void close() throws ImageReadException {
        file.close();
    }
}
