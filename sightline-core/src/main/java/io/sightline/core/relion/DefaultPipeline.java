package io.sightline.core.relion;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarLoop;
import io.sightline.core.star.StarPair;
import io.sightline.core.star.StarRow;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A RELION project's {@code default_pipeline.star}: the job counter, processes (jobs with their status),
 * nodes (files) and the edges between them. Reads RELION 3 (numeric types and statuses) and 4/5 (labels);
 * edits keep the file's own columns.
 *
 * @param jobCounter {@code _rlnPipeLineJobCounter}: the number the next job gets
 * @param star the file the view reads, kept so that writing it back changes only what was changed
 */
public record DefaultPipeline(
        int jobCounter,
        List<PipelineProcess> processes,
        List<PipelineNode> nodes,
        List<PipelineEdge> inputEdges,
        List<PipelineEdge> outputEdges,
        StarFile star) {

    static final String GENERAL = "pipeline_general";
    static final String PROCESSES = "pipeline_processes";
    static final String NODES = "pipeline_nodes";
    static final String INPUT_EDGES = "pipeline_input_edges";
    static final String OUTPUT_EDGES = "pipeline_output_edges";
    static final String COUNTER = "rlnPipeLineJobCounter";
    static final String PROCESS_NAME = "rlnPipeLineProcessName";
    static final String ALIAS = "rlnPipeLineProcessAlias";
    static final String PROCESS_TYPE_LABEL = "rlnPipeLineProcessTypeLabel";
    static final String PROCESS_TYPE = "rlnPipeLineProcessType";
    static final String STATUS_LABEL = "rlnPipeLineProcessStatusLabel";
    static final String STATUS = "rlnPipeLineProcessStatus";
    static final String NODE_NAME = "rlnPipeLineNodeName";
    static final String NODE_TYPE_LABEL = "rlnPipeLineNodeTypeLabel";
    static final String NODE_TYPE = "rlnPipeLineNodeType";
    static final String DEPTH = "rlnPipeLineNodeTypeLabelDepth";
    static final String FROM_NODE = "rlnPipeLineEdgeFromNode";
    static final String EDGE_PROCESS = "rlnPipeLineEdgeProcess";
    static final String TO_NODE = "rlnPipeLineEdgeToNode";
    private static final String NONE = "None";

    private static final List<String> PROCESS_COLUMNS = List.of(PROCESS_NAME, ALIAS, PROCESS_TYPE_LABEL, STATUS_LABEL);
    private static final List<String> NODE_COLUMNS = List.of(NODE_NAME, NODE_TYPE_LABEL, DEPTH);
    private static final List<String> INPUT_COLUMNS = List.of(FROM_NODE, EDGE_PROCESS);
    private static final List<String> OUTPUT_COLUMNS = List.of(EDGE_PROCESS, TO_NODE);

    public DefaultPipeline {
        processes = List.copyOf(processes);
        nodes = List.copyOf(nodes);
        inputEdges = List.copyOf(inputEdges);
        outputEdges = List.copyOf(outputEdges);
        Objects.requireNonNull(star, "star");
    }

    /** Reads the view from a STAR file; {@code file} names it in errors. */
    public static DefaultPipeline of(StarFile star, Path file) throws TextReadException {
        StarFields f = new StarFields(star, file, "default_pipeline.star");
        int counter = f.integer(f.pair(f.block(GENERAL), COUNTER));
        List<PipelineProcess> processes = new ArrayList<>();
        Optional<StarLoop> processLoop = f.optionalLoop(PROCESSES);
        if (processLoop.isPresent()) {
            StarLoop loop = processLoop.get();
            int name = f.column(loop, PROCESS_NAME);
            int alias = StarFields.optionalColumn(loop, ALIAS);
            int type = f.column(loop, PROCESS_TYPE_LABEL, PROCESS_TYPE);
            int statusLabel = StarFields.optionalColumn(loop, STATUS_LABEL);
            int status = statusLabel >= 0 ? statusLabel : f.column(loop, STATUS);
            for (StarRow row : loop.rows()) {
                String value = row.value(status);
                ProcessStatus s = (statusLabel >= 0 ? ProcessStatus.ofLabel(value) : ProcessStatus.ofCode(value))
                        .orElseThrow(() ->
                                f.malformed(row.line(), row.column(status), "'" + value + "' is not a process status"));
                processes.add(new PipelineProcess(
                        row.value(name),
                        alias < 0 ? null : StarFields.orNull(row.value(alias), NONE),
                        row.value(type),
                        s));
            }
        }
        List<PipelineNode> nodes = new ArrayList<>();
        Optional<StarLoop> nodeLoop = f.optionalLoop(NODES);
        if (nodeLoop.isPresent()) {
            StarLoop loop = nodeLoop.get();
            int name = f.column(loop, NODE_NAME);
            int type = f.column(loop, NODE_TYPE_LABEL, NODE_TYPE);
            int depth = StarFields.optionalColumn(loop, DEPTH);
            for (StarRow row : loop.rows()) {
                nodes.add(new PipelineNode(
                        row.value(name), row.value(type), depth < 0 ? null : f.integer(row, depth, "_" + DEPTH)));
            }
        }
        return new DefaultPipeline(
                counter,
                processes,
                nodes,
                edges(f, INPUT_EDGES, FROM_NODE, EDGE_PROCESS),
                edges(f, OUTPUT_EDGES, TO_NODE, EDGE_PROCESS),
                star);
    }

    private static List<PipelineEdge> edges(StarFields f, String block, String nodeColumn, String processColumn)
            throws TextReadException {
        List<PipelineEdge> edges = new ArrayList<>();
        Optional<StarLoop> loop = f.optionalLoop(block);
        if (loop.isPresent()) {
            int node = f.column(loop.get(), nodeColumn);
            int process = f.column(loop.get(), processColumn);
            for (StarRow row : loop.get().rows()) {
                edges.add(new PipelineEdge(row.value(node), row.value(process)));
            }
        }
        return edges;
    }

    /** A new, empty pipeline in RELION 5's layout whose next job is number {@code jobCounter}. */
    public static DefaultPipeline create(int jobCounter) {
        StarBlock general =
                StarBlock.of(GENERAL, RelionFiles.VERSION, List.of(StarPair.of(COUNTER, String.valueOf(jobCounter))));
        return Tables.reread(StarFile.of(List.of(general)), DefaultPipeline::of);
    }

    /** The process named {@code name} (e.g. {@code External/job005/}), if the pipeline has it. */
    public Optional<PipelineProcess> process(String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The same pipeline with the next job number set. */
    public DefaultPipeline withJobCounter(int counter) {
        StarBlock general = star.block(GENERAL).orElseThrow();
        return Tables.reread(star.with(general.withValue(COUNTER, String.valueOf(counter))), DefaultPipeline::of);
    }

    /**
     * The same pipeline with {@code process}'s status set.
     *
     * @throws IllegalArgumentException when the pipeline has no such process
     */
    public DefaultPipeline withStatus(String process, ProcessStatus status) {
        PipelineProcess p = process(process)
                .orElseThrow(() -> new IllegalArgumentException("no process " + process + " in the pipeline"));
        return with(new PipelineProcess(p.name(), p.alias(), p.type(), status));
    }

    /** The same pipeline with {@code process} added, or replacing the process of the same name. */
    public DefaultPipeline with(PipelineProcess process) {
        Map<String, String> values = new HashMap<>();
        values.put(PROCESS_NAME, process.name());
        values.put(ALIAS, process.alias() == null ? NONE : process.alias());
        values.put(PROCESS_TYPE_LABEL, process.type());
        values.put(PROCESS_TYPE, process.type());
        values.put(STATUS_LABEL, process.status().label());
        values.put(STATUS, String.valueOf(process.status().code()));
        return Tables.reread(
                Tables.upsert(star, PROCESSES, PROCESS_COLUMNS, PROCESS_NAME, values), DefaultPipeline::of);
    }

    /** The same pipeline with {@code node} added, or replacing the node of the same name. */
    public DefaultPipeline with(PipelineNode node) {
        Map<String, String> values = new HashMap<>();
        values.put(NODE_NAME, node.name());
        values.put(NODE_TYPE_LABEL, node.type());
        values.put(NODE_TYPE, node.type());
        values.put(DEPTH, String.valueOf(node.depth() == null ? 1 : node.depth()));
        return Tables.reread(Tables.upsert(star, NODES, NODE_COLUMNS, NODE_NAME, values), DefaultPipeline::of);
    }

    /** The same pipeline with an input edge (node → process) added, unless it is there already. */
    public DefaultPipeline withInputEdge(PipelineEdge edge) {
        return withEdge(INPUT_EDGES, INPUT_COLUMNS, FROM_NODE, inputEdges, edge);
    }

    /** The same pipeline with an output edge (process → node) added, unless it is there already. */
    public DefaultPipeline withOutputEdge(PipelineEdge edge) {
        return withEdge(OUTPUT_EDGES, OUTPUT_COLUMNS, TO_NODE, outputEdges, edge);
    }

    private DefaultPipeline withEdge(
            String block, List<String> fresh, String nodeColumn, List<PipelineEdge> existing, PipelineEdge edge) {
        if (existing.contains(edge)) {
            return this;
        }
        List<String> columns = Tables.columns(star, block, fresh);
        StarRow row = Tables.row(columns, Map.of(nodeColumn, edge.node(), EDGE_PROCESS, edge.process()));
        return Tables.reread(
                Tables.editRows(star, block, fresh, rows -> {
                    rows.add(row);
                    return rows;
                }),
                DefaultPipeline::of);
    }

    /**
     * The same pipeline without process {@code name}: its row, the nodes it wrote, and every edge to or from
     * either (what CryoBoost and RELION do when a job is deleted).
     */
    public DefaultPipeline without(String name) {
        Set<String> outputs = new HashSet<>();
        for (PipelineEdge e : outputEdges) {
            if (e.process().equals(name)) {
                outputs.add(e.node());
            }
        }
        StarFile edited = star;
        edited = removeRows(edited, PROCESSES, PROCESS_NAME, Set.of(name));
        edited = removeRows(edited, NODES, NODE_NAME, outputs);
        edited = removeRows(edited, INPUT_EDGES, EDGE_PROCESS, Set.of(name));
        edited = removeRows(edited, INPUT_EDGES, FROM_NODE, outputs);
        edited = removeRows(edited, OUTPUT_EDGES, EDGE_PROCESS, Set.of(name));
        return Tables.reread(edited, DefaultPipeline::of);
    }

    private static StarFile removeRows(StarFile star, String block, String column, Set<String> values) {
        if (star.block(block).isEmpty() || values.isEmpty()) {
            return star;
        }
        int index = Tables.columns(star, block, List.of()).indexOf(column);
        return Tables.editRows(star, block, List.of(), rows -> {
            rows.removeIf(r -> values.contains(r.value(index)));
            return rows;
        });
    }
}
