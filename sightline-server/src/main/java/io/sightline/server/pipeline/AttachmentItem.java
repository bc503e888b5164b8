package io.sightline.server.pipeline;

import java.util.Objects;

/**
 * A micrograph an attachment took, in event order.
 *
 * @param path its manifest file on this server (the path the agent reported, mapped into a storage root as data
 *     objects are), or the reported path as it is when it does not resolve there; null when none was reported
 */
public record AttachmentItem(String micrographUuid, long eventId, String micrographId, String path) {
    public AttachmentItem {
        Objects.requireNonNull(micrographUuid, "micrographUuid");
    }
}
