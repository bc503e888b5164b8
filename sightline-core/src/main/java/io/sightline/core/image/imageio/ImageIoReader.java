package io.sightline.core.image.imageio;

import io.sightline.core.image.BoundedFile;
import io.sightline.core.image.Channels;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageLimits;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Plane;
import io.sightline.core.image.PlaneRequest;
import io.sightline.core.image.PlaneSampler;
import io.sightline.core.image.Subsampling;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Pixels of a format the JDK decodes (JPEG, PNG) through its ImageIO plugin, behind a header this project read
 * and checked first: ImageIO sizes its buffers from the header, so it only sees files whose sizes passed the
 * limits. The file is opened for decoding at the first read.
 */
public final class ImageIoReader implements ImageReader {

    private final ImageHeader header;
    private final String formatName;
    private ImageInputStream input;
    private javax.imageio.ImageReader decoder;

    /** Reads a format's header from its file; the file is closed again before any pixel is decoded. */
    @FunctionalInterface
    public interface HeaderReader {
        ImageHeader read(BoundedFile file, ImageLimits limits) throws ImageReadException;
    }

    private ImageIoReader(ImageHeader header, String formatName) {
        this.header = header;
        this.formatName = formatName;
    }

    /**
     * Reads and checks the header of {@code path} with {@code headers}; pixels are decoded later by ImageIO's
     * plugin {@code formatName} ({@code jpeg}, {@code png}).
     */
    public static ImageIoReader open(Path path, ImageLimits limits, HeaderReader headers, String formatName)
            throws ImageReadException {
        try (BoundedFile file = BoundedFile.open(path)) {
            return new ImageIoReader(headers.read(file, limits), formatName);
        }
    }

    @Override
    public ImageHeader header() {
        return header;
    }

    @Override
    public Plane read(PlaneRequest request) throws ImageReadException {
        header.requirePage(request.page());
        int step = Math.min(request.step(), Math.max(header.width(), header.height()));
        // ImageIO subsamples by picking, as SAMPLE does, while decoding; MEAN needs every pixel first
        boolean pickWhileDecoding = request.subsampling() == Subsampling.SAMPLE && step > 1;
        BufferedImage image = decode(request.page(), pickWhileDecoding ? step : 1);
        PlaneRequest rest = pickWhileDecoding ? PlaneRequest.full(0) : request;
        return PlaneSampler.sample(
                image.getWidth(),
                image.getHeight(),
                (y, count, dst, offset) -> greyRows(image, y, count, dst, offset),
                rest);
    }

    private BufferedImage decode(int page, int step) throws ImageReadException {
        try {
            ImageReadParam param = decoder().getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            return decoder().read(page, param);
        } catch (IIOException e) {
            throw new ImageReadException.Malformed(header.file(), null, "cannot be decoded: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ImageReadException.Unreadable(header.file(), "read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The JDK's decoders throw unchecked exceptions (index out of bounds, illegal state) on some corrupt
            // data; here, at the edge of a library we do not own, they become what they mean for the caller.
            throw new ImageReadException.Malformed(header.file(), null, "cannot be decoded: " + e, e);
        }
    }

    private javax.imageio.ImageReader decoder() throws IOException, ImageReadException {
        if (decoder == null) {
            Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReadersByFormatName(formatName);
            if (!readers.hasNext()) {
                throw new ImageReadException.Unsupported(
                        header.file(), null, "this Java runtime has no ImageIO decoder for " + formatName);
            }
            input = new FileImageInputStream(header.file().toFile());
            decoder = readers.next();
            decoder.setInput(input, true, true);
        }
        return decoder;
    }

    private void greyRows(BufferedImage image, int y, int count, float[] dst, int offset) {
        int width = image.getWidth();
        if (image.getColorModel() instanceof IndexColorModel) {
            // palette indices mean nothing as values: look each up, then weigh the colours as any RGB pixel
            int[] rgb = new int[width];
            float[] colours = new float[width * 3];
            for (int r = 0; r < count; r++) {
                image.getRGB(0, y + r, width, 1, rgb, 0, width);
                for (int x = 0; x < width; x++) {
                    colours[3 * x] = (rgb[x] >> 16) & 0xFF;
                    colours[3 * x + 1] = (rgb[x] >> 8) & 0xFF;
                    colours[3 * x + 2] = rgb[x] & 0xFF;
                }
                Channels.toGrey(colours, 3, width, dst, offset + r * width);
            }
            return;
        }
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        float[] pixels = new float[width * bands];
        for (int r = 0; r < count; r++) {
            raster.getPixels(0, y + r, width, 1, pixels);
            Channels.toGrey(pixels, bands, width, dst, offset + r * width);
        }
    }

    @Override
    public void close() throws ImageReadException {
        if (decoder != null) {
            decoder.dispose();
        }
        if (input != null) {
            try {
                input.close();
            } catch (IOException e) {
                throw new ImageReadException.Unreadable(header.file(), "close failed: " + e.getMessage(), e);
            }
        }
    }
}
