package io.sightline.cli.star;

import io.sightline.cli.support.Lines;
import io.sightline.core.relion.DefaultPipeline;
import io.sightline.core.relion.JobStar;
import io.sightline.core.relion.PipelineProcess;
import io.sightline.core.relion.ProcessStatus;
import io.sightline.core.relion.Scheme;
import java.util.Map;
import java.util.TreeMap;

/** The few facts of RELION's own files a person checks first. */
final class RelionSummary {

    private static final int SHOWN = 10;

    private RelionSummary() {}

    static void add(Lines l, Record view) {
        switch (view) {
            case JobStar j -> {
                l.add("relion file", "job.star");
                l.add("job type", j.type() + (j.isContinue() ? ", continue" : "") + (j.isTomo() ? ", tomo" : ""));
                l.add("options", j.options().size());
                j.options().stream().limit(SHOWN).forEach(o -> l.item(o.name() + " = " + o.value()));
            }
            case Scheme s -> {
                l.add("relion file", "scheme.star");
                l.add("scheme", s.name());
                l.add("current node", s.currentNode());
                l.add(
                        "variables",
                        s.floats().size() + " float, " + s.bools().size() + " boolean, "
                                + s.strings().size() + " string");
                l.add("jobs", s.jobs().size());
                s.jobs().stream()
                        .limit(SHOWN)
                        .forEach(j -> l.item(j.name() + " (" + j.mode() + (j.hasStarted() ? ", started" : "") + ")"));
                l.add("edges", s.edges().size());
            }
            case DefaultPipeline p -> {
                l.add("relion file", "default_pipeline.star");
                l.add("next job", p.jobCounter());
                Map<ProcessStatus, Integer> byStatus = new TreeMap<>();
                p.processes().forEach(x -> byStatus.merge(x.status(), 1, Integer::sum));
                l.add("processes", p.processes().size() + " " + byStatus);
                p.processes().stream().limit(SHOWN).forEach(x -> l.item(process(x)));
                l.add("nodes", p.nodes().size());
                l.add("edges", p.inputEdges().size() + " in, " + p.outputEdges().size() + " out");
            }
            default -> l.add("relion file", view.getClass().getSimpleName());
        }
    }

    private static String process(PipelineProcess p) {
        return p.name() + " " + p.type() + " " + p.status().label() + (p.alias() == null ? "" : " (" + p.alias() + ")");
    }
}
