package io.sightline.core.image.jpeg;

import io.sightline.core.image.FileHead;
import io.sightline.core.image.ImageFormat;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.imageio.ImageIoReader;
import java.nio.file.Path;

/** JPEG (JFIF and EXIF): the frame header read here, the pixels decoded by the JDK's ImageIO JPEG plugin. */
public final class JpegFormat implements ImageFormat {

    public static final String NAME = "jpeg";

    private static final byte[] SOI = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(FileHead head) {
        return head.hasAt(0, SOI);
    }

    @Override
    public ImageReader open(Path path, ImageLimits limits) throws ImageReadException {
        return ImageIoReader.open(path, limits, JpegHeader::read, "jpeg");
    }
}
