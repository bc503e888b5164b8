package io.sightline.core.ids;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based (version 5, SHA-1) uuids derived from the parent's uuid and the natural key, so that every
 * retry, restart and second agent agrees on an entity's identity without asking anyone.
 *
 * <p>The agent and the server both call this: the namespace is the parent's uuid (16 bytes, big-endian),
 * the name is {@code kind + ":" + naturalKey} in UTF-8. {@code EntityUuidsTest} pins known values, because
 * changing them would orphan every entity already stored.
 */
public final class EntityUuids {
    /**
     * Namespace of root entities (acquisitions), which have no parent: the uuid of an acquisition is
     * {@code derive(ROOT, "acquisition", naturalKey)}.
     */
    public static final UUID ROOT = new UUID(0L, 0L);

    private EntityUuids() {}

    /** The uuid of the child of {@code kind} with natural key {@code naturalKey} under {@code parent}. */
    public static UUID derive(UUID parent, String kind, String naturalKey) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16);
        namespace.putLong(parent.getMostSignificantBits()).putLong(parent.getLeastSignificantBits());
        sha1.update(namespace.array());
        sha1.update((kind + ":" + naturalKey).getBytes(StandardCharsets.UTF_8));
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    /**
     * The uuid of the position of a grid square on an atlas tile (kind {@code atlas_tile_gridsquare_position}).
     * A tile id that is not a UUID (SmartEM's clients send 22-character base64 ids) cannot be a namespace:
     * the position is then derived from {@link #ROOT} with both ids in the name, which no UUID tile can give
     * (their names hold no {@code /}), so positions already stored under UUID tiles keep their uuids.
     */
    public static String position(String atlasTileUuid, String gridsquareUuid) {
        String kind = "atlas_tile_gridsquare_position";
        UUID tile = parseUuid(atlasTileUuid);
        return (tile != null
                        ? derive(tile, kind, gridsquareUuid)
                        : derive(ROOT, kind, atlasTileUuid + "/" + gridsquareUuid))
                .toString();
    }

    /** The UUID a string names in its canonical 36-character form (any case), or null. */
    private static UUID parseUuid(String s) {
        if (s.length() != 36) {
            return null;
        }
        try {
            UUID u = UUID.fromString(s);
            return u.toString().equalsIgnoreCase(s) ? u : null;
        } catch (IllegalArgumentException e) {
            return null; // not a UUID: a client's own id
        }
    }
}
