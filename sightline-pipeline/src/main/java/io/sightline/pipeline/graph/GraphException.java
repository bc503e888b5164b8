package io.sightline.pipeline.graph;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline that cannot run, with every problem found (not only the first). */
public class GraphException extends Exception {
    private final List<GraphProblem> problems;

    public GraphException(List<GraphProblem> problems) {
        super(problems.stream().map(GraphProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<GraphProblem> problems() {
        return problems;
    }
}
