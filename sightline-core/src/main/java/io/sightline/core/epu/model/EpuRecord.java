package io.sightline.core.epu.model;

/** What one EPU file becomes; a closed set so consumers switch over every kind. */
public sealed interface EpuRecord
        permits EpuSession, Atlas, GridSquareMetadata, GridSquareManifest, FoilHoleManifest, MicrographManifest {}
