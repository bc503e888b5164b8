package io.sightline.server.pipeline;

import static io.sightline.server.api.ApiRole.READ;
import static io.sightline.server.api.ApiRole.STEER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.sightline.core.mdoc.MdocReader;
import io.sightline.core.text.TextReadException;
import io.sightline.pipeline.exec.ResourceProfile;
import io.sightline.pipeline.exec.local.LocalExecutor;
import io.sightline.pipeline.graph.GraphException;
import io.sightline.pipeline.graph.GraphProblem;
import io.sightline.pipeline.graph.JobSpec;
import io.sightline.pipeline.graph.PipelineSpec;
import io.sightline.pipeline.graph.Templates;
import io.sightline.pipeline.jobtype.Acquisition;
import io.sightline.pipeline.jobtype.AcquisitionField;
import io.sightline.pipeline.jobtype.InputSlot;
import io.sightline.pipeline.jobtype.JobType;
import io.sightline.pipeline.jobtype.OutputSlot;
import io.sightline.pipeline.jobtype.Param;
import io.sightline.server.api.ApiRoutes;
import io.sightline.server.api.JsonBodies;
import io.sightline.server.http.ApiException;
import io.sightline.server.http.ApiException.FieldError;
import io.sightline.server.http.Endpoints;
import io.sightline.server.http.Operation;
import io.sightline.server.http.Schema;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/pipeline} (docs/pipelines.md): job types and templates to read, runs to start, watch, cancel
 * and rerun, and the tail of a job's output. Reads need the viewer role; starting, cancelling and rerunning the
 * steering role (they spend the facility's cluster). Files are served only from inside the project roots.
 */
public final class PipelineRoutes implements ApiRoutes {
    public static final String PATH = "/api/v1/pipeline";
    static final int MAX_LOG_LINES = 10_000;
    private static final long MAX_LOG_BYTES = 4L << 20;

    private final Pipelines pipelines;
    private final JsonBodies bodies;
    private final ObjectMapper mapper;

    public PipelineRoutes(Pipelines pipelines, JsonBodies bodies) {
        this.pipelines = pipelines;
        this.bodies = bodies;
        this.mapper = bodies.mapper();
    }

    static Operation authed(Operation operation, String role) {
        return operation
                .problem(401, "Missing or invalid bearer token (problem+json)")
                .problem(403, "The token's role is below " + role + " (problem+json)");
    }

    @Override
    public void register(Endpoints endpoints) {
        endpoints.get(
                PATH + "/job-types",
                authed(
                                Operation.of(
                                        "Job types", "Every job type: parameters with defaults and bounds, slots."),
                                "viewer")
                        .ok(200, Schema.listOf(Schema.ref("PipelineJobType"))),
                ctx -> ctx.status(200).json(jobTypes()),
                READ);
        endpoints.get(
                PATH + "/templates",
                authed(Operation.of("Pipeline templates", "The pipelines a run can start from."), "viewer")
                        .ok(200, Schema.listOf(Schema.ref("PipelineTemplate"))),
                ctx -> {
                    ArrayNode a = mapper.createArrayNode();
                    pipelines.templates().all().forEach(t -> a.add(spec(t)));
                    ctx.status(200).json(a);
                },
                READ);
        endpoints.get(
                PATH + "/templates/{name}",
                authed(Operation.of("A pipeline template", "One template by name."), "viewer")
                        .ok(200, Schema.ref("PipelineTemplate"))
                        .problem(404, "No such template"),
                ctx -> ctx.status(200).json(spec(template(ctx.pathParam("name")))),
                READ);
        endpoints.post(
                PATH + "/runs",
                authed(
                                Operation.of(
                                                "Start a run",
                                                "Starts a template (with per-job parameter overrides) or a pipeline"
                                                        + " given whole, in a project directory inside a project root."
                                                        + " The pipeline is checked first: an unknown job type,"
                                                        + " parameter out of bounds, missing or mismatched input or"
                                                        + " cycle is refused with 422 naming the job and field."
                                                        + " Steering role.")
                                        .body(Schema.ref("PipelineRunRequest")),
                                "steering")
                        .ok(201, Schema.ref("PipelineRun"))
                        .problem(400, "Body is not JSON")
                        .problem(404, "No such template")
                        .problem(415, "Body is not application/json")
                        .problem(422, "The pipeline or a field is invalid (naming job and field)"),
                this::start,
                STEER);
        endpoints.get(
                PATH + "/runs",
                authed(Operation.of("Runs", "The newest runs first, without their jobs."), "viewer")
                        .query("limit", Schema.integer(1, 1000, 100), null)
                        .ok(200, Schema.listOf(Schema.ref("PipelineRun"))),
                this::list,
                READ);
        endpoints.get(
                PATH + "/runs/{run_id}",
                authed(Operation.of("A run", "The run with its jobs."), "viewer")
                        .ok(200, Schema.ref("PipelineRun"))
                        .problem(404, "No such run"),
                ctx -> ctx.status(200).json(run(run(ctx), true)),
                READ);
        endpoints.post(
                PATH + "/runs/{run_id}/cancel",
                authed(
                                Operation.of(
                                        "Cancel a run",
                                        "Cancels its running jobs and every job not yet finished; a finished run"
                                                + " is answered as it is. Steering role."),
                                "steering")
                        .ok(200, Schema.ref("PipelineRun"))
                        .problem(404, "No such run"),
                ctx -> {
                    run(ctx);
                    pipelines.scheduler().cancel(ctx.pathParam("run_id"));
                    ctx.status(200).json(run(run(ctx), true));
                },
                STEER);
        endpoints.post(
                PATH + "/runs/{run_id}/rerun",
                authed(
                                Operation.of(
                                        "Rerun a run",
                                        "Runs again, in place, the jobs that failed or were cancelled; jobs that"
                                                + " succeeded are kept. A run still running is answered as it is."
                                                + " Steering role."),
                                "steering")
                        .ok(200, Schema.ref("PipelineRun"))
                        .problem(404, "No such run"),
                ctx -> {
                    run(ctx);
                    pipelines.scheduler().rerun(ctx.pathParam("run_id"));
                    ctx.status(200).json(run(run(ctx), true));
                },
                STEER);
        endpoints.get(
                PATH + "/runs/{run_id}/jobs/{job}/log",
                authed(
                                Operation.of(
                                        "The tail of a job's output",
                                        "The last lines of the job's run.out (stream=out) or run.err (stream=err),"
                                                + " as text; served only from inside a project root."),
                                "viewer")
                        .query("stream", new Schema(Map.of("type", "string", "enum", List.of("out", "err"))), null)
                        .query("lines", Schema.integer(1, MAX_LOG_LINES, 100), null)
                        .answer(200, "The last lines", "text/plain", Schema.type("string"))
                        .problem(404, "No such run, job, or no output yet")
                        .problem(422, "stream or lines invalid"),
                this::log,
                READ);
    }

    private PipelineSpec template(String name) {
        return pipelines
                .templates()
                .find(name)
                .orElseThrow(() -> ApiException.notFound("no pipeline template '" + name + "'"));
    }

    private PipelineRun run(Context ctx) {
        String id = ctx.pathParam("run_id");
        return pipelines.store().run(id).orElseThrow(() -> ApiException.notFound("no pipeline run " + id));
    }

    private void start(Context ctx) {
        RunRequest request = request(bodies.readObject(ctx), new ArrayList<>());
        try {
            PipelineRun run = pipelines.scheduler().start(request);
            ctx.status(201).json(run(run, true));
        } catch (GraphException e) {
            throw refused(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the project " + request.project(), e);
        }
    }

    /**
     * The run a body asks for (template or pipeline, parameters, project inside a root, mdoc, acquisition facts,
     * stop_on_failure, max_attempts); refused with 422 naming every bad field, with {@code errors} (the caller's
     * own findings) among them.
     */
    RunRequest request(ObjectNode body, List<FieldError> errors) {
        PipelineSpec spec = null;
        if (body.hasNonNull("template") == body.hasNonNull("pipeline")) {
            errors.add(new FieldError(List.of("body", "template"), "give either template or pipeline", "value_error"));
        } else if (body.hasNonNull("template")) {
            spec = Templates.withParameters(template(body.get("template").asText()), overrides(body, errors));
        } else {
            spec = pipeline(body.get("pipeline"), errors);
        }
        Acquisition acquisition = acquisition(body.get("acquisition"), errors);
        String project = body.path("project").isTextual() ? body.get("project").asText() : null;
        if (project == null) {
            errors.add(new FieldError(List.of("body", "project"), "a project directory is required", "missing"));
        }
        int maxAttempts = body.path("max_attempts").asInt(1);
        if (body.has("max_attempts")
                && (!body.get("max_attempts").canConvertToInt() || maxAttempts < 1 || maxAttempts > 10)) {
            errors.add(new FieldError(List.of("body", "max_attempts"), "a whole number in [1, 10]", "value_error"));
        }
        ResourceProfile resources = ResourceBodies.profile(body.get("resources"), List.of("body", "resources"), errors);
        Map<String, ResourceProfile> jobResources = ResourceBodies.perJob(
                body.get("job_resources"),
                spec == null
                        ? java.util.Set.of()
                        : spec.jobs().stream().map(JobSpec::name).collect(java.util.stream.Collectors.toSet()),
                errors);
        if (!errors.isEmpty()) {
            throw ApiException.unprocessable(errors);
        }
        Path dir = pipelines.roots().project(project, "project");
        if (body.hasNonNull("mdoc")) {
            acquisition = withMdoc(body.get("mdoc").asText(), acquisition);
        }
        boolean stopOnFailure = body.path("stop_on_failure").asBoolean(true);
        return new RunRequest(spec, acquisition, dir.toString(), stopOnFailure, maxAttempts, resources, jobResources);
    }

    /** A pipeline that does not check out, as 422 naming {@code body.jobs.<job>.<slot or field>}. */
    static ApiException refused(GraphException e) {
        List<FieldError> problems = new ArrayList<>();
        for (GraphProblem p : e.problems()) {
            List<String> loc = new ArrayList<>(List.of("body", "jobs", p.job()));
            if (!p.slot().isEmpty()) {
                loc.add(p.slot());
            }
            problems.add(new FieldError(loc, p.message(), "value_error"));
        }
        return ApiException.unprocessable(problems);
    }

    /**
     * The facts of the mdoc at {@code path} (inside a project root), with the request's own facts winning: a run
     * from an mdoc set needs no hand-typed pixel size, voltage, dose or tilt axis.
     */
    private Acquisition withMdoc(String path, Acquisition given) {
        Path file = pipelines.roots().project(path, "mdoc");
        if (!pipelines.roots().serves(file)) {
            throw ApiException.unprocessable(List.of(
                    new FieldError(List.of("body", "mdoc"), "not a file inside a project root", "value_error")));
        }
        Acquisition a;
        try {
            a = Acquisition.fromMdoc(new MdocReader().read(file));
        } catch (TextReadException e) {
            throw ApiException.unprocessable(
                    List.of(new FieldError(List.of("body", "mdoc"), e.getMessage(), "value_error")));
        }
        for (Map.Entry<AcquisitionField, Double> e : given.values().entrySet()) {
            a = a.with(e.getKey(), e.getValue());
        }
        return a;
    }

    private static Map<String, Map<String, String>> overrides(ObjectNode body, List<FieldError> errors) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        JsonNode p = body.get("parameters");
        if (p == null || p.isNull()) {
            return out;
        }
        if (!p.isObject()) {
            errors.add(
                    new FieldError(List.of("body", "parameters"), "an object: job → parameter → value", "type_error"));
            return out;
        }
        p.properties()
                .forEach(job -> out.put(
                        job.getKey(), texts(job.getValue(), List.of("body", "parameters", job.getKey()), errors)));
        return out;
    }

    private static Map<String, String> texts(JsonNode node, List<String> loc, List<FieldError> errors) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(loc, "an object of names to values", "type_error"));
            return out;
        }
        node.properties().forEach(e -> {
            if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
            } else {
                List<String> l = new ArrayList<>(loc);
                l.add(e.getKey());
                errors.add(new FieldError(l, "a text, number or boolean", "type_error"));
            }
        });
        return out;
    }

    private static PipelineSpec pipeline(JsonNode node, List<FieldError> errors) {
        if (!node.isObject() || !node.path("jobs").isArray()) {
            errors.add(new FieldError(List.of("body", "pipeline"), "an object with name and jobs", "type_error"));
            return null;
        }
        List<JobSpec> jobs = new ArrayList<>();
        int i = 0;
        for (JsonNode j : node.get("jobs")) {
            List<String> loc = List.of("body", "pipeline", "jobs", Integer.toString(i++));
            if (!j.path("name").isTextual() || !j.path("type").isTextual()) {
                errors.add(new FieldError(loc, "a job needs a name and a type", "missing"));
                continue;
            }
            jobs.add(new JobSpec(
                    j.get("name").asText(),
                    j.get("type").asText(),
                    texts(j.get("parameters"), loc, errors),
                    texts(j.get("inputs"), loc, errors)));
        }
        return new PipelineSpec(
                node.path("name").asText("pipeline"), node.path("description").asText(""), jobs);
    }

    private static Acquisition acquisition(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return Acquisition.UNKNOWN;
        }
        Map<AcquisitionField, Double> v = new EnumMap<>(AcquisitionField.class);
        if (!node.isObject()) {
            errors.add(new FieldError(List.of("body", "acquisition"), "an object of facts", "type_error"));
            return Acquisition.UNKNOWN;
        }
        node.properties().forEach(e -> {
            AcquisitionField f;
            try {
                f = AcquisitionField.valueOf(e.getKey().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException x) {
                errors.add(new FieldError(
                        List.of("body", "acquisition", e.getKey()),
                        "not one of "
                                + List.of(AcquisitionField.values()).toString().toLowerCase(Locale.ROOT),
                        "value_error"));
                return;
            }
            if (!e.getValue().isNumber()) {
                errors.add(new FieldError(List.of("body", "acquisition", e.getKey()), "a number", "type_error"));
                return;
            }
            v.put(f, e.getValue().asDouble());
        });
        return new Acquisition(v);
    }

    private void list(Context ctx) {
        int limit = intQuery(ctx, "limit", 100, 1, 1000);
        ArrayNode a = mapper.createArrayNode();
        pipelines.store().recent(limit).forEach(r -> a.add(run(r, false)));
        ctx.status(200).json(a);
    }

    private void log(Context ctx) {
        PipelineRun run = run(ctx);
        String name = ctx.pathParam("job");
        PipelineJob job = pipelines.store().jobs(run.id()).stream()
                .filter(j -> j.name().equals(name))
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("run " + run.id() + " has no job " + name));
        String stream = ctx.queryParam("stream") == null ? "out" : ctx.queryParam("stream");
        if (!stream.equals("out") && !stream.equals("err")) {
            throw ApiException.unprocessable(
                    List.of(new FieldError(List.of("query", "stream"), "out or err", "value_error")));
        }
        int lines = intQuery(ctx, "lines", 100, 1, MAX_LOG_LINES);
        Path file = Path.of(run.projectDir())
                .resolve(job.jobDir())
                .resolve(stream.equals("out") ? LocalExecutor.STDOUT : LocalExecutor.STDERR);
        if (!pipelines.roots().serves(file)) {
            throw ApiException.notFound("job " + name + " has no " + stream + " output inside a project root yet");
        }
        ctx.status(200).contentType("text/plain; charset=utf-8").result(tail(file, lines));
    }

    /** The last {@code lines} lines of {@code file}, reading at most its last 4 MiB. */
    static String tail(Path file, int lines) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - MAX_LOG_BYTES);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.endsWith("\n") ? text.length() - 1 : text.length();
            int from = end;
            for (int n = 0; n < lines && from > 0; n++) {
                from = text.lastIndexOf('\n', from - 1);
                if (from < 0) {
                    from = 0;
                    break;
                }
            }
            return text.substring(from == 0 ? 0 : from + 1);
        } catch (IOException e) {
            throw ApiException.notFound("cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private static int intQuery(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.unprocessable(List.of(
                new FieldError(List.of("query", name), "a whole number in [" + min + ", " + max + "]", "value_error")));
    }

    private ObjectNode run(PipelineRun r, boolean withJobs) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", r.id());
        o.put("name", r.name());
        o.put("project", r.projectDir());
        o.put("status", r.status().name().toLowerCase(Locale.ROOT));
        o.put("stop_on_failure", r.stopOnFailure());
        o.put("max_attempts", r.maxAttempts());
        o.put("reason", r.reason());
        o.put("created_at", r.createdAt().toString());
        o.put("finished_at", r.finishedAt() == null ? null : r.finishedAt().toString());
        if (withJobs) {
            ArrayNode jobs = o.putArray("jobs");
            for (PipelineJob j : pipelines.store().jobs(r.id())) {
                ObjectNode jo = jobs.addObject();
                jo.put("name", j.name());
                jo.put("type", j.jobType());
                jo.put("job_dir", j.jobDir());
                jo.put("status", j.status().name().toLowerCase(Locale.ROOT));
                jo.put("attempt", j.attempt());
                jo.put("executor", j.executor());
                jo.put("external_id", j.externalId());
                jo.put("reason", j.reason());
                jo.put("updated_at", j.updatedAt().toString());
            }
        }
        return o;
    }

    private ObjectNode spec(PipelineSpec s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("name", s.name());
        o.put("description", s.description());
        ArrayNode jobs = o.putArray("jobs");
        for (JobSpec j : s.jobs()) {
            ObjectNode jo = jobs.addObject();
            jo.put("name", j.name());
            jo.put("type", j.type());
            jo.set("parameters", mapper.valueToTree(j.parameters()));
            jo.set("inputs", mapper.valueToTree(j.inputs()));
        }
        return o;
    }

    private ArrayNode jobTypes() {
        ArrayNode a = mapper.createArrayNode();
        for (JobType t : pipelines.scheduler().types().all()) {
            ObjectNode o = a.addObject();
            o.put("id", t.id());
            o.put("title", t.title());
            o.put("category", t.category().directory());
            o.put("tomography", t.tomography());
            o.put("program", t.program());
            ArrayNode params = o.putArray("parameters");
            for (Param p : t.parameters()) {
                ObjectNode po = params.addObject();
                po.put("name", p.name());
                po.put("help", p.help());
                po.put("default", p.defaultValue());
                po.put("accepts", p.accepts());
                po.put(
                        "from_acquisition",
                        p.from() == null ? null : p.from().name().toLowerCase(Locale.ROOT));
            }
            ArrayNode ins = o.putArray("inputs");
            for (InputSlot s : t.inputs()) {
                ins.addObject().put("name", s.name()).put("type", s.type().name());
            }
            ArrayNode outs = o.putArray("outputs");
            for (OutputSlot s : t.outputs()) {
                outs.addObject()
                        .put("name", s.name())
                        .put("type", s.type().name())
                        .put("file", s.file());
            }
        }
        return a;
    }
}
