package io.sightline.pipeline.jobtype;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a job type needs to build its command: its checked parameters, the file each input slot is wired to,
 * and its own directory. Paths are absolute so that the command runs from any working directory.
 */
public record JobContext(Parameters parameters, Map<String, Path> inputs, Path jobDir) {
    public JobContext {
        Objects.requireNonNull(parameters, "parameters");
        inputs = Map.copyOf(inputs);
        Objects.requireNonNull(jobDir, "jobDir");
    }

    /** The file wired to input slot {@code slot}. */
    public String input(String slot) {
        Path p = inputs.get(slot);
        if (p == null) {
            throw new IllegalArgumentException("input slot " + slot + " is not wired");
        }
        return p.toString();
    }

    /** The job directory with RELION's trailing slash. */
    public String output() {
        return jobDir + "/";
    }
}
