package io.sightline.core.epu.model;

/** An axis-aligned rectangle in pixels: top-left corner plus size (a tile's place on the atlas). */
public record PixelRect(double x, double y, double width, double height) {}
