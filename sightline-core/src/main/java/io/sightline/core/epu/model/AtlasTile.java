package io.sightline.core.epu.model;

/**
 * One tile of an atlas montage.
 *
 * @param id                 the tile's id
 * @param atlasPixelPosition where the tile sits on the atlas image (pixels); null if absent
 * @param imageBaseName      file name of the tile image without extension; null if absent
 * @param imageFormat        e.g. {@code Mrc}; null if absent
 */
public record AtlasTile(long id, PixelRect atlasPixelPosition, String imageBaseName, String imageFormat) {}
