package io.sightline.pipeline.graph;

import io.sightline.pipeline.jobtype.Acquisition;
import io.sightline.pipeline.jobtype.InputSlot;
import io.sightline.pipeline.jobtype.JobType;
import io.sightline.pipeline.jobtype.JobTypes;
import io.sightline.pipeline.jobtype.OutputSlot;
import io.sightline.pipeline.jobtype.ParameterException;
import io.sightline.pipeline.jobtype.Parameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline that can run: every job's type known, parameters in bounds, every input slot wired to an
 * output of the same slot type, no cycles. Jobs are in an order where each comes after its inputs.
 */
public record PipelineGraph(String name, List<PlannedJob> jobs) {

    public PipelineGraph {
        jobs = List.copyOf(jobs);
    }

    /**
     * Checks and wires {@code spec}. An input slot named in the spec is wired as written; one left out is wired
     * to the one job whose output has the slot's type (none or several is an error: a pipeline says what it
     * means rather than relying on job order).
     *
     * @throws GraphException with every problem, each naming the job and the slot or parameter
     */
    public static PipelineGraph build(PipelineSpec spec, JobTypes types, Acquisition acquisition)
            throws GraphException {
        List<GraphProblem> problems = new ArrayList<>();
        Map<String, JobType> typeOf = new LinkedHashMap<>();
        for (JobSpec j : spec.jobs()) {
            if (j.name().isBlank() || !j.name().matches("[A-Za-z0-9_-]{1,64}")) {
                problems.add(new GraphProblem(j.name(), "", "a job name is 1-64 letters, digits, '-' or '_'"));
                continue;
            }
            Optional<JobType> type = types.find(j.type());
            if (typeOf.containsKey(j.name())) {
                problems.add(new GraphProblem(j.name(), "", "two jobs have this name"));
            } else if (type.isEmpty()) {
                problems.add(new GraphProblem(j.name(), "", "unknown job type '" + j.type() + "'"));
            } else {
                typeOf.put(j.name(), type.get());
            }
        }
        Map<String, PlannedJob> planned = new LinkedHashMap<>();
        for (JobSpec j : spec.jobs()) {
            JobType type = typeOf.get(j.name());
            if (type == null || planned.containsKey(j.name())) {
                continue;
            }
            Parameters parameters = null;
            try {
                parameters = Parameters.resolve(type, acquisition, j.parameters());
            } catch (ParameterException e) {
                problems.add(new GraphProblem(
                        j.name(), e.field(), e.getMessage().substring(e.field().length() + 2)));
            }
            Map<String, Wire> wires = wire(j, type, typeOf, problems);
            if (parameters != null) {
                planned.put(j.name(), new PlannedJob(j.name(), type, parameters, wires));
            }
        }
        List<PlannedJob> ordered = problems.isEmpty() ? order(planned, problems) : List.of();
        if (!problems.isEmpty()) {
            throw new GraphException(problems);
        }
        return new PipelineGraph(spec.name(), ordered);
    }

    private static Map<String, Wire> wire(
            JobSpec j, JobType type, Map<String, JobType> typeOf, List<GraphProblem> problems) {
        Map<String, Wire> wires = new HashMap<>();
        for (String slot : j.inputs().keySet()) {
            if (type.inputs().stream().noneMatch(s -> s.name().equals(slot))) {
                problems.add(new GraphProblem(j.name(), slot, "job type " + type.id() + " has no such input slot"));
            }
        }
        for (InputSlot slot : type.inputs()) {
            String explicit = j.inputs().get(slot.name());
            if (explicit != null) {
                explicitWire(j, slot, explicit, typeOf, problems).ifPresent(w -> wires.put(slot.name(), w));
                continue;
            }
            List<Wire> candidates = new ArrayList<>();
            typeOf.forEach((other, otherType) -> {
                if (!other.equals(j.name())) {
                    for (OutputSlot out : otherType.outputs()) {
                        if (out.type() == slot.type()) {
                            candidates.add(new Wire(other, out.name()));
                        }
                    }
                }
            });
            if (candidates.size() == 1) {
                wires.put(slot.name(), candidates.getFirst());
            } else if (candidates.isEmpty()) {
                problems.add(new GraphProblem(
                        j.name(), slot.name(), "missing input: no job of the pipeline produces " + slot.type()));
            } else {
                problems.add(new GraphProblem(
                        j.name(),
                        slot.name(),
                        "ambiguous input: " + candidates + " all produce " + slot.type() + "; name one"));
            }
        }
        return wires;
    }

    private static Optional<Wire> explicitWire(
            JobSpec j, InputSlot slot, String explicit, Map<String, JobType> typeOf, List<GraphProblem> problems) {
        int dot = explicit.lastIndexOf('.');
        String from = dot < 0 ? explicit : explicit.substring(0, dot);
        JobType fromType = typeOf.get(from);
        if (fromType == null) {
            problems.add(new GraphProblem(j.name(), slot.name(), "wired to '" + explicit + "': no job " + from));
            return Optional.empty();
        }
        List<OutputSlot> outs = fromType.outputs().stream()
                .filter(o -> dot < 0 ? o.type() == slot.type() : o.name().equals(explicit.substring(dot + 1)))
                .toList();
        if (outs.size() != 1) {
            problems.add(new GraphProblem(
                    j.name(), slot.name(), "wired to '" + explicit + "': " + from + " has no such output"));
            return Optional.empty();
        }
        OutputSlot out = outs.getFirst();
        if (out.type() != slot.type()) {
            problems.add(new GraphProblem(
                    j.name(),
                    slot.name(),
                    "type mismatch: the slot accepts " + slot.type() + " but " + from + "." + out.name() + " is "
                            + out.type()));
            return Optional.empty();
        }
        return Optional.of(new Wire(from, out.name()));
    }

    /** Kahn's order, keeping the spec's order among jobs that are ready together; what is left is a cycle. */
    private static List<PlannedJob> order(Map<String, PlannedJob> planned, List<GraphProblem> problems) {
        List<PlannedJob> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        boolean progress = true;
        while (progress && done.size() < planned.size()) {
            progress = false;
            for (PlannedJob p : planned.values()) {
                if (!done.contains(p.name()) && p.inputs().values().stream().allMatch(w -> done.contains(w.job()))) {
                    done.add(p.name());
                    ordered.add(p);
                    progress = true;
                }
            }
        }
        for (PlannedJob p : planned.values()) {
            if (!done.contains(p.name())) {
                List<String> waiting = p.inputs().values().stream()
                        .map(Wire::job)
                        .filter(n -> !done.contains(n))
                        .distinct()
                        .sorted()
                        .toList();
                problems.add(new GraphProblem(p.name(), "", "cycle: waits for " + String.join(", ", waiting)));
            }
        }
        return ordered;
    }

    public Optional<PlannedJob> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** The jobs that use, directly or not, an output of {@code name}. */
    public Set<String> downstream(String name) {
        Set<String> out = new LinkedHashSet<>();
        for (PlannedJob j : jobs) {
            if (j.inputs().values().stream().anyMatch(w -> w.job().equals(name) || out.contains(w.job()))) {
                out.add(j.name());
            }
        }
        return out;
    }
}
