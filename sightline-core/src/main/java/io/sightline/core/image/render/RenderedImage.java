package io.sightline.core.image.render;

/** An encoded rendering, with what it shows: its size and the window of values from black to white. */
public record RenderedImage(byte[] bytes, String mediaType, int width, int height, Window window) {}
