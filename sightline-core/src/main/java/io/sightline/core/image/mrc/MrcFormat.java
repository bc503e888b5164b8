package io.sightline.core.image.mrc;

import io.sightline.core.image.FileHead;
import io.sightline.core.image.ImageFormat;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import java.nio.file.Path;

/**
 * MRC2014 (CCP-EM), the cryo-EM image and volume format. MRC2014 files carry "MAP " at byte 208; older ones
 * have no magic number, so a file named like an MRC file is taken as one too.
 */
public final class MrcFormat implements ImageFormat {

    public static final String NAME = "mrc";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(FileHead head) {
        return head.hasAt(MrcHeader.MAP_OFFSET, MrcHeader.MAP)
                || head.nameEndsWith(".mrc", ".mrcs", ".map", ".st", ".ali", ".rec");
    }

    @Override
    public ImageReader open(Path file, ImageLimits limits) throws ImageReadException {
        return MrcReader.open(file, limits);
    }
}
