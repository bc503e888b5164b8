package io.sightline.pipeline.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a job asks of the cluster. {@code extras} are the template's {@code XXXextra1XXX .. XXXextra8XXX}
 * values (CryoBoost's qsub template convention, see {@code contracts/cryoboost.md}), keyed 1..8.
 *
 * <p>Profiles merge left to right: defaults ← job-type profile ← user overrides; a value set later wins,
 * an absent (null / missing) value keeps the earlier one.
 */
public record ResourceProfile(
        String partition,
        Integer nodes,
        Integer tasks,
        Integer cpusPerTask,
        Integer gpus,
        String memory,
        String time,
        Map<Integer, String> extras) {

    public static final ResourceProfile EMPTY = new ResourceProfile(null, null, null, null, null, null, null, Map.of());

    public ResourceProfile {
        extras = Map.copyOf(Objects.requireNonNullElse(extras, Map.of()));
        for (Integer k : extras.keySet()) {
            if (k < 1 || k > 8) {
                throw new IllegalArgumentException(
                        "extras are XXXextra1XXX..XXXextra8XXX; key " + k + " is out of range");
            }
        }
    }

    /** This profile with every value {@code over} sets replacing ours. */
    public ResourceProfile overriddenBy(ResourceProfile over) {
        Map<Integer, String> mergedExtras = new LinkedHashMap<>(extras);
        mergedExtras.putAll(over.extras);
        return new ResourceProfile(
                pick(over.partition, partition),
                pick(over.nodes, nodes),
                pick(over.tasks, tasks),
                pick(over.cpusPerTask, cpusPerTask),
                pick(over.gpus, gpus),
                pick(over.memory, memory),
                pick(over.time, time),
                mergedExtras);
    }

    private static <T> T pick(T later, T earlier) {
        return later != null ? later : earlier;
    }
}
