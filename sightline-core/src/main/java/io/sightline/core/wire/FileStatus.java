package io.sightline.core.wire;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The state of a super time frame (STF) file or a time-frame (TF) sample, as swf-monitor writes it:
 * lowercase on the wire, anything else refused (contracts/swf-fastmon.md §1).
 */
public enum FileStatus implements WireName {
    REGISTERED,
    PROCESSING,
    PROCESSED,
    FAILED,
    DONE;

    /** Every wire name, comma separated, for error messages. */
    public static final String ALLOWED =
            Arrays.stream(values()).map(FileStatus::wireName).collect(Collectors.joining(", "));

    @Override
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FileStatus> parse(String wire) {
        return WireName.find(FileStatus.class, wire);
    }
}
