package io.sightline.core.image.png;

import io.sightline.core.image.FileHead;
import io.sightline.core.image.ImageFormat;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.imageio.ImageIoReader;
import java.nio.file.Path;

/** PNG: the header read here, the pixels decoded by the JDK's ImageIO PNG plugin. */
public final class PngFormat implements ImageFormat {

    public static final String NAME = "png";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(FileHead head) {
        return head.hasAt(0, PngHeader.SIGNATURE);
    }

    @Override
    public ImageReader open(Path path, ImageLimits limits) throws ImageReadException {
        return ImageIoReader.open(path, limits, PngHeader::read, "png");
    }
}
