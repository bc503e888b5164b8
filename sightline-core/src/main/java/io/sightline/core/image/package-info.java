/**
 * Image files: what their headers say, and their pixels read one plane at a time and only as much as asked.
 *
 * <p>{@link io.sightline.core.image.formats.ImageFormats} is the registry: it reads a file's first bytes once and
 * hands the file to the first {@link io.sightline.core.image.ImageFormat} that recognises them (TIFF, PNG, JPEG by
 * magic number; MRC by "MAP " or, for older files, by name). Each format lives in its own package: {@code mrc} and
 * {@code tiff} are read by this project's code, {@code png} and {@code jpeg} headers too, with their pixels
 * decoded by the JDK's ImageIO ({@code imageio}).
 *
 * <p>Headers are untrusted: every size is checked against {@link io.sightline.core.image.ImageLimits} and the
 * file's length before anything is allocated from it, through {@link io.sightline.core.image.BoundedFile}, and
 * every failure is the sealed {@link io.sightline.core.image.ImageReadException} naming the file and field. A
 * {@link io.sightline.core.image.PlaneRequest} reads one page whole, every step-th pixel, or the mean of each
 * step × step block, through the one {@link io.sightline.core.image.PlaneSampler} every format shares. The
 * {@code render} package turns a plane into a grey PNG or JPEG.
 */
package io.sightline.core.image;
