package io.sightline.core.image.render;

import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.ImageReader;
import io.sightline.core.image.Plane;

/**
 * Renders a plane of an open image as an 8-bit grey PNG or JPEG: select (a page, or a projection), read
 * subsampled by the largest whole step that keeps at least the edge asked for, fit to the edge by area
 * averaging, window the values, encode. No HTTP and no state: callers run it off their request threads.
 */
public final class Renderer {

    public RenderedImage render(ImageReader reader, RenderRequest request) throws ImageReadException {
        ImageHeader header = reader.header();
        if (request.selection() instanceof Selection.Page page) {
            header.requirePage(page.index());
        }
        int step = Math.max(1, Math.max(header.width(), header.height()) / request.edge());
        Plane plane = Resample.toFit(request.selection().read(reader, step), request.edge());
        Window window = request.contrast().window(plane.values());
        byte[] grey = window.toGrey(plane.values());
        byte[] bytes = Encoder.encode(grey, plane.width(), plane.height(), request.format());
        return new RenderedImage(bytes, request.format().mediaType(), plane.width(), plane.height(), window);
    }
}
