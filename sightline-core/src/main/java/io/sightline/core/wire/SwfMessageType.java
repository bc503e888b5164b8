package io.sightline.core.wire;

import java.util.Optional;

/**
 * The {@code msg_type}s of the ePIC streaming workflow's shared bus ({@code /topic/epictopic}) that
 * Sightline reads or writes (contracts/swf-fastmon.md §2). Messages of other types are relayed to the
 * stream as they are; these are the ones with a meaning here.
 */
public enum SwfMessageType implements WireName {
    RUN_IMMINENT("run_imminent"),
    START_RUN("start_run"),
    PAUSE_RUN("pause_run"),
    RESUME_RUN("resume_run"),
    END_RUN("end_run"),
    STF_GEN("stf_gen"),
    /** A data agent has an STF on disk: what the fast-monitoring agent samples. */
    STF_READY("stf_ready"),
    /** The older name of {@link #STF_READY}; still sent by some data agents. */
    DATA_READY("data_ready"),
    /** One TF sample registered (one per sample). */
    TF_FILE_REGISTERED("tf_file_registered");

    private final String wire;

    SwfMessageType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Whether a fast-monitoring agent samples an STF for this message. */
    public boolean announcesStf() {
        return this == STF_READY || this == DATA_READY;
    }

    public static Optional<SwfMessageType> parse(String wire) {
        return WireName.find(SwfMessageType.class, wire);
    }
}
