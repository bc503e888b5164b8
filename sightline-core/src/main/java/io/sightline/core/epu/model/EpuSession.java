package io.sightline.core.epu.model;

import java.time.Instant;

/**
 * One grid's acquisition session, from {@code EpuSession.dm}.
 *
 * @param id               the session's own id (the root's {@code Id})
 * @param name             session name as typed in EPU
 * @param startTime        session start (UTC); null if EPU has not written it yet
 * @param clusteringMode   e.g. {@code ClusteringWithImageBeamShift}; null if absent
 * @param clusteringRadius clustering radius in metres; null if absent
 * @param atlasReference   Windows path of the atlas ({@code Samples/_items/SampleXml[1]/AtlasId}) as
 *                         written by EPU; null if the session has no sample yet
 * @param storageFolder    Windows path of the first storage folder; null if absent. The atlas
 *                         reference minus this prefix is relative to the visit folder.
 */
public record EpuSession(
        long id,
        String name,
        Instant startTime,
        String clusteringMode,
        Double clusteringRadius,
        String atlasReference,
        String storageFolder)
        implements EpuRecord {}
