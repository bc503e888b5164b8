package io.sightline.server.data;

import io.javalin.http.Context;
import io.sightline.core.image.render.Contrast;
import io.sightline.core.image.render.OutputFormat;
import io.sightline.core.image.render.RenderRequest;
import io.sightline.core.image.render.Selection;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.ApiException.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query of an image request: {@code size} (longest edge, 16 to 4096, 512 by default), {@code slice}
 * (page from 0) or {@code projection} ({@code max} or {@code mean} over all pages), {@code contrast=auto}
 * (the default) or {@code min} and {@code max}, {@code format} ({@code png} by default, or {@code jpeg}).
 * Every mistake is a 422 naming the parameter.
 *
 * @param key the request in a canonical form, for the render cache
 */
record ImageParams(RenderRequest request, String key) {
    static final int DEFAULT_SIZE = 512;

    static ImageParams of(Context ctx) {
        List<FieldError> errors = new ArrayList<>();
        int size = whole(ctx, "size", DEFAULT_SIZE, RenderRequest.MIN_EDGE, RenderRequest.MAX_EDGE, errors);
        int slice = whole(ctx, "slice", 0, 0, Integer.MAX_VALUE, errors);
        String projection = lower(ctx.queryParam("projection"));
        Selection selection = new Selection.Page(slice);
        if (projection != null) {
            if (ctx.queryParam("slice") != null) {
                errors.add(error("projection", "give slice or projection, not both"));
            }
            selection = switch (projection) {
                case "max" -> new Selection.MaxProjection();
                case "mean" -> new Selection.MeanProjection();
                default -> {
                    errors.add(error("projection", "must be max or mean"));
                    yield selection;
                }
            };
        }
        String format = lower(ctx.queryParam("format"));
        OutputFormat output = OutputFormat.PNG;
        if (format != null) {
            switch (format) {
                case "png" -> output = OutputFormat.PNG;
                case "jpeg", "jpg" -> output = OutputFormat.JPEG;
                default -> errors.add(error("format", "must be png or jpeg"));
            }
        }
        Contrast contrast = Contrast.auto();
        String mode = lower(ctx.queryParam("contrast"));
        Double min = real(ctx, "min", errors);
        Double max = real(ctx, "max", errors);
        if (min != null || max != null) {
            if (mode != null && !mode.equals("range")) {
                errors.add(error("contrast", "min and max give the contrast; leave contrast out"));
            } else if (min == null || max == null || !(min < max)) {
                errors.add(error("min", "give both min and max, min below max"));
            } else {
                contrast = new Contrast.Range(min, max);
            }
        } else if (mode != null && !mode.equals("auto")) {
            errors.add(error("contrast", "must be auto, or give min and max"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        String key = "size=" + size + "&sel=" + selection + "&contrast=" + contrast + "&format=" + output;
        return new ImageParams(new RenderRequest(selection, contrast, size, output), key);
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }

    /** A whole-number query parameter within [min, max], or its default; a mistake is added to {@code errors}. */
    static int whole(Context ctx, String name, int byDefault, int min, int max, List<FieldError> errors) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return byDefault;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error(name, "must be a whole number from " + min + " to " + max));
        return byDefault;
    }

    private static Double real(Context ctx, String name, List<FieldError> errors) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(error(name, "must be a finite number"));
        return null;
    }

    private static FieldError error(String name, String msg) {
        return new FieldError(List.of("query", name), msg, "value_error");
    }
}
