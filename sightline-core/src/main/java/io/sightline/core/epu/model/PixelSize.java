package io.sightline.core.epu.model;

/** A width and height in pixels ({@code System.Drawing.SizeF}). */
public record PixelSize(double width, double height) {}
