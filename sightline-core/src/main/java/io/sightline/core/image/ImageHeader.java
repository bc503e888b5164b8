package io.sightline.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a file's header tells without reading its pixels.
 *
 * @param file        the file
 * @param format      the format's registry name: {@code mrc}, {@code tiff}, {@code jpeg}, {@code png}
 * @param width       pixels per row
 * @param height      rows per plane
 * @param pages       planes in the file (MRC sections, TIFF pages); 1 for a single image
 * @param channels    samples per pixel (1 grey, 3 RGB, 4 RGBA)
 * @param dtype       the type of one sample
 * @param layout      what the pages are to each other
 * @param pixelSpacing the physical pixel size, or null when the file does not tell one
 * @param details     the format's own header fields
 */
@JsonPropertyOrder({"file", "format", "shape", "dtype", "width", "height", "pages", "channels", "layout"})
public record ImageHeader(
        Path file,
        String format,
        int width,
        int height,
        int pages,
        int channels,
        PixelType dtype,
        Layout layout,
        @JsonInclude(JsonInclude.Include.NON_NULL) PixelSpacing pixelSpacing,
        FormatDetails details) {

    /** Fails with {@link ImageReadException.NoSuchPlane} unless the file has page {@code page}. */
    public void requirePage(int page) throws ImageReadException {
        if (page < 0 || page >= pages) {
            throw new ImageReadException.NoSuchPlane(
                    file, "page " + page + " asked for; the file has " + pages + " (0 to " + (pages - 1) + ")");
        }
    }

    /**
     * The shape in numpy's (C) order, as gently and Tiled describe arrays: {@code [pages,] height, width
     * [, channels]}, with the page axis only when there is more than one page and the channel axis only when
     * there is more than one channel.
     */
    @JsonProperty("shape")
    public List<Integer> shape() {
        List<Integer> shape = new ArrayList<>(4);
        if (pages > 1) {
            shape.add(pages);
        }
        shape.add(height);
        shape.add(width);
        if (channels > 1) {
            shape.add(channels);
        }
        return List.copyOf(shape);
    }
}
