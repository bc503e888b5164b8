package io.sightline.pipeline.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Run the command inside an apptainer/singularity image.
 *
 * @param runtime the program ({@code apptainer} or {@code singularity})
 * @param image   the {@code .sif} file
 * @param binds   host paths to bind; a path that does not exist on the node is left out, not an error
 * @param gpu     pass {@code --nv}
 */
public record ContainerSpec(String runtime, Path image, List<Path> binds, boolean gpu) {
    public ContainerSpec {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(image, "image");
        binds = List.copyOf(binds);
    }
}
