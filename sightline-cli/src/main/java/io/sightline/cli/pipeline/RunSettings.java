package io.sightline.cli.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a run goes, for {@code pipeline run} and {@code pipeline attach}: parameters, facts, cluster resources, attempts,
 * stop-on-fail.
 */
final class RunSettings {
    @Option(
            names = "--set",
            paramLabel = "JOB.PARAM=VALUE",
            description = "A job's parameter, e.g. class2d.classes=20; repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(
            names = "--acquisition",
            paramLabel = "FACT=VALUE",
            description = "What the acquisition knows: pixel_size, voltage, spherical_aberration, "
                    + "amplitude_contrast, dose, tilt_axis; repeatable.")
    List<String> facts = new ArrayList<>();

    @Option(
            names = "--resource",
            paramLabel = "[JOB.]FIELD=VALUE",
            description = "A cluster resource over the site defaults and the job type's, for every job "
                    + "(memory=8G) or one (ctf.memory=16G): partition, nodes, tasks, cpus, gpus, memory, time, "
                    + "extras.N; repeatable.")
    List<String> resourceSets = new ArrayList<>();

    @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts per job (default 1).")
    int maxAttempts = 1;

    @Option(names = "--keep-going", description = "On a failure, keep running what does not need the failed job.")
    boolean keepGoing;

    /** Puts the settings into a run request's body; answers what is wrong with an option, or null. */
    String fill(ObjectNode body) {
        body.put("max_attempts", maxAttempts);
        body.put("stop_on_failure", !keepGoing);
        ObjectNode parameters = body.putObject("parameters");
        for (String s : sets) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            if (dot < 1 || eq < dot + 2) {
                return "--set '" + s + "' is not JOB.PARAM=VALUE";
            }
            ObjectNode job = parameters.has(s.substring(0, dot))
                    ? (ObjectNode) parameters.get(s.substring(0, dot))
                    : parameters.putObject(s.substring(0, dot));
            job.put(s.substring(dot + 1, eq), s.substring(eq + 1));
        }
        ObjectNode acquisition = body.putObject("acquisition");
        for (String f : facts) {
            int eq = f.indexOf('=');
            try {
                if (eq < 1) {
                    throw new NumberFormatException();
                }
                acquisition.put(f.substring(0, eq), Double.parseDouble(f.substring(eq + 1)));
            } catch (NumberFormatException e) {
                return "--acquisition '" + f + "' is not FACT=NUMBER";
            }
        }
        for (String r : resourceSets) {
            if (!RunResources.put(body, r)) {
                return "--resource '" + r + "' is not [JOB.]FIELD=VALUE";
            }
        }
        return null;
    }
}
