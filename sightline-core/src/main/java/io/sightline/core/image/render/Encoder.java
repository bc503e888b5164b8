package io.sightline.core.image.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes 8-bit grey pixels in memory: PNG by {@link GreyPng}, JPEG with the JDK's ImageIO writer on a
 * memory-cached stream (which never touches ImageIO's global cache settings or the disk).
 */
final class Encoder {

    private static final float JPEG_QUALITY = 0.9f;

    private Encoder() {}

    static byte[] encode(byte[] grey, int width, int height, OutputFormat format) {
        if (format == OutputFormat.PNG) {
            return GreyPng.encode(grey, width, height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(grey, 0, pixels, 0, grey.length);
        ImageWriter writer =
                ImageIO.getImageWritersByFormatName(format.imageIoName()).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, grey.length / 2));
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            // writing to memory cannot fail for I/O reasons; if it does, it is a bug, not bad input
            throw new UncheckedIOException("encoding " + format + " in memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
