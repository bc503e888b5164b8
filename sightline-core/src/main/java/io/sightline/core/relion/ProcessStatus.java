package io.sightline.core.relion;

import java.util.Optional;

/** A process's status in default_pipeline.star: RELION 4+ writes the label, RELION 3 the code. */
public enum ProcessStatus {
    RUNNING("Running", 0),
    SCHEDULED("Scheduled", 1),
    SUCCEEDED("Succeeded", 2),
    FAILED("Failed", 3),
    ABORTED("Aborted", 4);

    private final String label;
    private final int code;

    ProcessStatus(String label, int code) {
        this.label = label;
        this.code = code;
    }

    /** As RELION 4+ writes it, e.g. {@code Succeeded}. */
    public String label() {
        return label;
    }

    /** As RELION 3 writes it, e.g. 2. */
    public int code() {
        return code;
    }

    static Optional<ProcessStatus> ofLabel(String label) {
        for (ProcessStatus s : values()) {
            if (s.label.equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    static Optional<ProcessStatus> ofCode(String code) {
        for (ProcessStatus s : values()) {
            if (String.valueOf(s.code).equals(code)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
