package io.sightline.core.epu.model;

/** A rectangle in stage coordinates, metres (the {@code Physical} part of an atlas position). */
public record PhysicalRect(double x, double y, double width, double height) {}
