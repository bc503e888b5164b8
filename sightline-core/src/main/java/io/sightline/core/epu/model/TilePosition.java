package io.sightline.core.epu.model;

/** Where a grid square appears on one atlas tile (tile pixels); centre and size may be null. */
public record TilePosition(long tileId, PixelPoint center, PixelSize size) {}
