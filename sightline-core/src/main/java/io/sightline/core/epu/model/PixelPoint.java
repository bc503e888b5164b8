package io.sightline.core.epu.model;

/** A point in image pixels (EPU writes these as {@code System.Drawing.PointF}). */
public record PixelPoint(double x, double y) {}
