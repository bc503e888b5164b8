package io.sightline.core.image.formats;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.FileHead;
import io.sightline.core.image.ImageFormat;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.jpeg.JpegFormat;
import io.sightline.core.image.mrc.MrcFormat;
import io.sightline.core.image.png.PngFormat;
import io.sightline.core.image.tiff.TiffFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The image formats Sightline reads, in the order they are tried: a file's first bytes are read once and the
 * first format that recognises them opens it. Formats with a magic number at the start come first; MRC,
 * which older files mark only by name, last. A new format is one entry here and one package beside the others.
 */
public final class ImageFormats {

    private final List<ImageFormat> formats;
    private final ImageLimits limits;

    public ImageFormats(List<ImageFormat> formats, ImageLimits limits) {
        this.formats = List.copyOf(formats);
        this.limits = limits;
    }

    /** TIFF, PNG, JPEG and MRC with the {@linkplain ImageLimits#standard() standard limits}. */
    public static ImageFormats standard() {
        return standard(ImageLimits.standard());
    }

    public static ImageFormats standard(ImageLimits limits) {
        return new ImageFormats(List.of(new TiffFormat(), new PngFormat(), new JpegFormat(), new MrcFormat()), limits);
    }

    public ImageLimits limits() {
        return limits;
    }

    /** The format of {@code file}, from its first bytes (and name), without reading further. */
    public Optional<ImageFormat> recognise(Path file) throws ImageReadException {
        return recognise(head(file));
    }

    /** Opens {@code file} for reading with the format that recognises it. */
    public ImageReader open(Path file) throws ImageReadException {
        FileHead head = head(file);
        ImageFormat format = recognise(head)
                .orElseThrow(() ->
                        new ImageReadException.Unsupported(file, null, "not an image this reads (" + names() + ")"));
        return format.open(file, limits);
    }

    /** The header of {@code file}: opens it, reads the header, closes it. */
    public ImageHeader header(Path file) throws ImageReadException {
        try (ImageReader reader = open(file)) {
            return reader.header();
        }
    }

    private Optional<ImageFormat> recognise(FileHead head) {
        return formats.stream().filter(f -> f.recognises(head)).findFirst();
    }

    private static FileHead head(Path file) throws ImageReadException {
        try (BoundedFile f = BoundedFile.open(file)) {
            if (f.size() == 0) {
                throw new ImageReadException.Truncated(file, null, "the file is empty");
            }
            int length = (int) Math.min(FileHead.SIZE, f.size());
            ByteBuffer bytes = f.read(0, length, ByteOrder.LITTLE_ENDIAN, "first bytes");
            byte[] head = new byte[length];
            bytes.get(head);
            return new FileHead(file, head);
        }
    }

    private String names() {
        return String.join(", ", formats.stream().map(ImageFormat::name).toList());
    }
}
