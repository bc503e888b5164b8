package io.sightline.core.relion;

import io.sightline.core.star.StarBlock;
import io.sightline.core.star.StarFile;
import io.sightline.core.star.StarItem;
import io.sightline.core.star.StarLoop;
import io.sightline.core.star.StarPair;
import io.sightline.core.star.StarRow;
import io.sightline.core.text.TextReadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A RELION {@code scheme.star} ({@code relion_schemer}'s state machine): its name and current node, its
 * variables, operators, jobs and edges. Tables the file leaves out are empty.
 *
 * @param name {@code _rlnSchemeName}, e.g. {@code Schemes/prep/}
 * @param currentNode {@code _rlnSchemeCurrentNodeName}
 * @param star the file the view reads, kept so that writing it back changes only what was changed
 */
public record Scheme(
        String name,
        String currentNode,
        List<SchemeVariable> floats,
        List<SchemeVariable> bools,
        List<SchemeVariable> strings,
        List<SchemeOperator> operators,
        List<SchemeJob> jobs,
        List<SchemeEdge> edges,
        StarFile star) {

    static final String GENERAL = "scheme_general";
    static final String FLOATS = "scheme_floats";
    static final String BOOLS = "scheme_bools";
    static final String STRINGS = "scheme_strings";
    static final String OPERATORS = "scheme_operators";
    static final String JOBS = "scheme_jobs";
    static final String EDGES = "scheme_edges";
    static final String NAME = "rlnSchemeName";
    static final String CURRENT_NODE = "rlnSchemeCurrentNodeName";
    static final String JOB_ORIGINAL = "rlnSchemeJobNameOriginal";
    static final String JOB_NAME = "rlnSchemeJobName";
    static final String JOB_MODE = "rlnSchemeJobMode";
    static final String JOB_STARTED = "rlnSchemeJobHasStarted";
    private static final String UNDEFINED = "undefined";
    private static final List<String> OPERATOR_COLUMNS = List.of(
            "rlnSchemeOperatorName",
            "rlnSchemeOperatorType",
            "rlnSchemeOperatorOutput",
            "rlnSchemeOperatorInput1",
            "rlnSchemeOperatorInput2");
    private static final List<String> JOB_COLUMNS = List.of(JOB_ORIGINAL, JOB_NAME, JOB_MODE, JOB_STARTED);
    private static final List<String> EDGE_COLUMNS = List.of(
            "rlnSchemeEdgeInputNodeName",
            "rlnSchemeEdgeOutputNodeName",
            "rlnSchemeEdgeIsFork",
            "rlnSchemeEdgeOutputNodeNameIfTrue",
            "rlnSchemeEdgeBooleanVariable");

    public Scheme {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(currentNode, "currentNode");
        floats = List.copyOf(floats);
        bools = List.copyOf(bools);
        strings = List.copyOf(strings);
        operators = List.copyOf(operators);
        jobs = List.copyOf(jobs);
        edges = List.copyOf(edges);
        Objects.requireNonNull(star, "star");
    }

    /** Reads the view from a STAR file; {@code file} names it in errors. */
    public static Scheme of(StarFile star, Path file) throws TextReadException {
        StarFields f = new StarFields(star, file, "scheme.star");
        StarBlock general = f.block(GENERAL);
        List<SchemeOperator> operators = new ArrayList<>();
        Table o = table(f, OPERATORS, OPERATOR_COLUMNS);
        for (StarRow row : o.rows()) {
            operators.add(new SchemeOperator(
                    o.value(row, 0),
                    o.value(row, 1),
                    undefined(o.value(row, 2)),
                    undefined(o.value(row, 3)),
                    undefined(o.value(row, 4))));
        }
        List<SchemeJob> jobs = new ArrayList<>();
        Table j = table(f, JOBS, JOB_COLUMNS);
        for (StarRow row : j.rows()) {
            jobs.add(new SchemeJob(
                    j.value(row, 0), j.value(row, 1), j.value(row, 2), f.bool(row, j.at(3), "_" + JOB_STARTED)));
        }
        List<SchemeEdge> edges = new ArrayList<>();
        Table e = table(f, EDGES, EDGE_COLUMNS);
        for (StarRow row : e.rows()) {
            edges.add(new SchemeEdge(
                    e.value(row, 0),
                    e.value(row, 1),
                    f.bool(row, e.at(2), "_" + EDGE_COLUMNS.get(2)),
                    undefined(e.value(row, 3)),
                    undefined(e.value(row, 4))));
        }
        return new Scheme(
                f.pair(general, NAME).value(),
                f.pair(general, CURRENT_NODE).value(),
                variables(f, FLOATS, "Float"),
                variables(f, BOOLS, "Boolean"),
                variables(f, STRINGS, "String"),
                operators,
                jobs,
                edges,
                star);
    }

    /** A table's rows and where each of the view's columns is in them. */
    private record Table(List<StarRow> rows, int[] index) {
        String value(StarRow row, int column) {
            return row.value(index[column]);
        }

        int at(int column) {
            return index[column];
        }
    }

    /** Block {@code block}'s table with {@code columns} (all required); empty when the block is absent. */
    private static Table table(StarFields f, String block, List<String> columns) throws TextReadException {
        Optional<StarLoop> loop = f.optionalLoop(block);
        int[] index = new int[columns.size()];
        if (loop.isEmpty()) {
            return new Table(List.of(), index);
        }
        for (int i = 0; i < index.length; i++) {
            index[i] = f.column(loop.get(), columns.get(i));
        }
        return new Table(loop.get().rows(), index);
    }

    private static List<SchemeVariable> variables(StarFields f, String block, String kind) throws TextReadException {
        List<SchemeVariable> variables = new ArrayList<>();
        Table t = table(f, block, variableColumns(kind));
        for (StarRow row : t.rows()) {
            variables.add(new SchemeVariable(t.value(row, 0), t.value(row, 1), t.value(row, 2)));
        }
        return variables;
    }

    private static List<String> variableColumns(String kind) {
        String prefix = "rlnScheme" + kind + "Variable";
        return List.of(prefix + "Name", prefix + "Value", prefix + "ResetValue");
    }

    private static String undefined(String value) {
        return StarFields.orNull(value, UNDEFINED);
    }

    private static String orUndefined(String value) {
        return value == null ? UNDEFINED : value;
    }

    /** A new scheme.star in RELION 5's layout; empty tables are left out, as RELION does. */
    public static Scheme create(
            String name,
            String currentNode,
            List<SchemeVariable> floats,
            List<SchemeVariable> bools,
            List<SchemeVariable> strings,
            List<SchemeOperator> operators,
            List<SchemeJob> jobs,
            List<SchemeEdge> edges) {
        List<StarBlock> blocks = new ArrayList<>();
        blocks.add(block(GENERAL, List.of(StarPair.of(NAME, name), StarPair.of(CURRENT_NODE, currentNode))));
        addTable(
                blocks,
                FLOATS,
                variableColumns("Float"),
                floats.stream().map(Scheme::row).toList());
        addTable(
                blocks,
                BOOLS,
                variableColumns("Boolean"),
                bools.stream().map(Scheme::row).toList());
        addTable(
                blocks,
                STRINGS,
                variableColumns("String"),
                strings.stream().map(Scheme::row).toList());
        addTable(
                blocks,
                OPERATORS,
                OPERATOR_COLUMNS,
                operators.stream()
                        .map(o -> StarRow.of(
                                o.name(),
                                o.type(),
                                orUndefined(o.output()),
                                orUndefined(o.input1()),
                                orUndefined(o.input2())))
                        .toList());
        addTable(blocks, JOBS, JOB_COLUMNS, jobs.stream().map(Scheme::row).toList());
        addTable(
                blocks,
                EDGES,
                EDGE_COLUMNS,
                edges.stream()
                        .map(e -> StarRow.of(
                                e.input(),
                                e.output(),
                                StarFields.bool(e.fork()),
                                orUndefined(e.outputIfTrue()),
                                orUndefined(e.booleanVariable())))
                        .toList());
        return Tables.reread(StarFile.of(blocks), Scheme::of);
    }

    private static StarRow row(SchemeVariable v) {
        return StarRow.of(v.name(), v.value(), v.resetValue());
    }

    private static StarRow row(SchemeJob j) {
        return StarRow.of(j.originalName(), j.name(), j.mode(), StarFields.bool(j.hasStarted()));
    }

    private static StarBlock block(String name, List<? extends StarItem> items) {
        return StarBlock.of(name, RelionFiles.VERSION, items);
    }

    private static void addTable(List<StarBlock> blocks, String name, List<String> columns, List<StarRow> rows) {
        if (!rows.isEmpty()) {
            blocks.add(block(name, List.of(StarLoop.of(columns, rows))));
        }
    }

    /** The job named {@code name}, if the scheme has it. */
    public Optional<SchemeJob> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** The same scheme with another current node. */
    public Scheme withCurrentNode(String node) {
        StarBlock general = star.block(GENERAL).orElseThrow();
        return Tables.reread(star.with(general.withValue(CURRENT_NODE, node)), Scheme::of);
    }

    /**
     * The same scheme with job {@code name} marked as started or not.
     *
     * @throws IllegalArgumentException when the scheme has no such job
     */
    public Scheme withJobStarted(String name, boolean started) {
        if (job(name).isEmpty()) {
            throw new IllegalArgumentException("no job " + name + " in the scheme");
        }
        List<String> columns = Tables.columns(star, JOBS, JOB_COLUMNS);
        int nameColumn = columns.indexOf(JOB_NAME);
        int startedColumn = columns.indexOf(JOB_STARTED);
        return Tables.reread(
                Tables.editRows(star, JOBS, JOB_COLUMNS, rows -> {
                    for (int i = 0; i < rows.size(); i++) {
                        StarRow row = rows.get(i);
                        if (row.value(nameColumn).equals(name)) {
                            rows.set(i, row.with(startedColumn, StarFields.bool(started)));
                        }
                    }
                    return rows;
                }),
                Scheme::of);
    }
}
