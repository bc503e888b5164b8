package io.sightline.simulate.recording;

import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;

/**
 * The SHA-256 of {@code size} zero bytes: what a placeholder replays to in every replayer, so it is the hash a
 * recording gives placeholders (epuplayer then verifies them too). Remembered per size: thumbnails of one kind
 * share a few sizes.
 */
final class ZeroHashes {

    private static final byte[] ZEROS = new byte[64 * 1024];
    private final Map<Long, String> bySize = new HashMap<>();

    String of(long size) {
        return bySize.computeIfAbsent(size, ZeroHashes::compute);
    }

    private static String compute(long size) {
        MessageDigest digest = Sha256.newDigest();
        for (long left = size; left > 0; left -= ZEROS.length) {
            digest.update(ZEROS, 0, (int) Math.min(ZEROS.length, left));
        }
        return Sha256.hex(digest);
    }
}
