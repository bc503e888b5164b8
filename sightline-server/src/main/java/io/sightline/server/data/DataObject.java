package io.sightline.server.data;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A registered file.
 *
 * @param uid        its id
 * @param kind       what it is (atlas, gridsquare, micrograph, volume, ...)
 * @param session    the session it belongs to
 * @param path       the path as the producer gave it
 * @param serverPath where it resolved, inside a storage root
 * @param size       bytes, when registered
 * @param mtime      last modification, when registered
 * @param shape      numpy-order shape, or null when neither the producer nor the header told
 * @param dtype      numpy dtype name, or null
 * @param format     the image format that read its header ({@code mrc}, {@code tiff}, ...), or null
 * @param entityUuid the SmartEM entity it shows, or null
 * @param checksum   {@code sha256:<hex>} as the producer gave it, or null
 * @param status     {@link Status}
 * @param metadata   a JSON object as text, or null
 * @param parents    the uids it was made from, in the producer's order
 */
public record DataObject(
        String uid,
        String kind,
        String session,
        String path,
        Path serverPath,
        long size,
        Instant mtime,
        List<Integer> shape,
        String dtype,
        String format,
        String entityUuid,
        String checksum,
        Status status,
        String metadata,
        Instant createdAt,
        Instant verifiedAt,
        List<String> parents) {

    /** Where an object stands; each change is an event {@code data_object.<wire name>}. */
    public enum Status {
        /** Registered without a checksum. */
        REGISTERED("registered"),
        /** Registered with a checksum not yet checked. */
        VERIFYING("verifying"),
        VERIFIED("verified"),
        CORRUPT("corrupt"),
        /** Gone from storage, or no longer inside a root, when last asked for. */
        MISSING("missing");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Status of(String wireName) {
            for (Status s : values()) {
                if (s.wireName.equals(wireName)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown data object status " + wireName);
        }
    }
}
