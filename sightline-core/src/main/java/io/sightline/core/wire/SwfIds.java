package io.sightline.core.wire;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Identities of the fast-monitoring records that every process derives the same way, so that a retried
 * registration or a message relayed twice names the same thing without a lookup.
 */
public final class SwfIds {
    private SwfIds() {}

    /** The {@code message_id} of the {@code tf_file_registered} that announces TF sample {@code tfFilename}. */
    public static UUID tfRegisteredMessageId(String tfFilename) {
        return UUID.nameUUIDFromBytes(("swf-tf-registered:" + tfFilename).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code tf_file_id} of TF sample {@code tfFilename}. */
    public static UUID tfFileId(String tfFilename) {
        return UUID.nameUUIDFromBytes(("swf-tf:" + tfFilename).getBytes(StandardCharsets.UTF_8));
    }

    /** The swf TF sample name: {@code {stf name without .stf}_tf_{seq:03d}.tf}, seq from 1. */
    public static String tfFilename(String stfFilename, int seq) {
        String base = stfFilename.endsWith(".stf") ? stfFilename.substring(0, stfFilename.length() - 4) : stfFilename;
        return base + "_tf_" + String.format(java.util.Locale.ROOT, "%03d", seq) + ".tf";
    }
}
