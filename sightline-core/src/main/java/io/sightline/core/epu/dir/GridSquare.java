package io.sightline.core.epu.dir;

import io.sightline.core.epu.model.AtlasSquarePosition;
import io.sightline.core.epu.model.GridSquareManifest;
import io.sightline.core.epu.model.GridSquareMetadata;

/**
 * A grid square as known from its three sources; each part is null until its file is seen.
 *
 * @param atlasPosition from the atlas
 * @param metadata      from {@code Metadata/GridSquare_<id>.dm}
 * @param manifest      the latest grid-square image manifest
 */
public record GridSquare(
        long id, AtlasSquarePosition atlasPosition, GridSquareMetadata metadata, GridSquareManifest manifest) {}
