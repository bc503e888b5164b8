package io.sightline.cli.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.cli.data.DataClient;
import io.sightline.cli.data.ServerOptions;
import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sightline pipeline}: processing pipelines on a server (docs/pipelines.md): list and show templates,
 * start a run, watch its status, cancel it. Everything goes through {@code /api/v1/pipeline}.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "Processing pipelines on a Sightline server: templates, runs, status, cancel, and pipelines"
                + " attached to acquisitions.",
        subcommands = {
            PipelineCommand.ListTemplates.class,
            PipelineCommand.Show.class,
            PipelineCommand.Run.class,
            PipelineCommand.Status.class,
            PipelineCommand.Cancel.class,
            AttachCommands.Attach.class,
            AttachCommands.Attachments.class,
            AttachCommands.Flush.class,
            AttachCommands.Detach.class
        },
        footer = {"", "Exit codes: 0 ok, 1 refused by the server or failed, 2 usage error, 3 server unreachable."})
public final class PipelineCommand implements Callable<Integer> {
    static final String PATH = "/api/v1/pipeline";

    @Mixin
    CliOutput output;

    @Override
    public Integer call() {
        output.failure("name a subcommand: list, show, run, status, cancel, attach, attachments, flush or detach"
                + " (see --help)");
        return ExitCode.USAGE;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static void print(CliOutput output, JsonNode json, Runnable text) {
        if (output.json()) {
            output.printJson(json);
        } else {
            text.run();
            output.out().flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pipeline templates.")
    static final class ListTemplates implements Callable<Integer> {
        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            JsonNode templates = server.client().getJson(PATH + "/templates");
            print(
                    output,
                    templates,
                    () -> templates.forEach(t -> output.out()
                            .printf(
                                    Locale.ROOT,
                                    "%-22s %s%n",
                                    t.path("name").asText(),
                                    t.path("description").asText())));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show template NAME: its jobs, their types and parameters (defaults and bounds).")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            DataClient client = server.client();
            JsonNode template = client.getJson(PATH + "/templates/" + encode(name));
            JsonNode types = client.getJson(PATH + "/job-types");
            print(output, template, () -> {
                output.out()
                        .println(template.path("name").asText() + ": "
                                + template.path("description").asText());
                for (JsonNode job : template.path("jobs")) {
                    output.out()
                            .printf(
                                    Locale.ROOT,
                                    "%n  %s (%s)%n",
                                    job.path("name").asText(),
                                    job.path("type").asText());
                    for (JsonNode type : types) {
                        if (type.path("id").asText().equals(job.path("type").asText())) {
                            for (JsonNode p : type.path("parameters")) {
                                output.out()
                                        .printf(
                                                Locale.ROOT,
                                                "    %-20s %-12s %s%s%n",
                                                p.path("name").asText(),
                                                p.path("default").isNull()
                                                        ? "-"
                                                        : p.path("default").asText(),
                                                p.path("accepts").asText(),
                                                p.path("from_acquisition").isNull()
                                                        ? ""
                                                        : " (from the acquisition: "
                                                                + p.path("from_acquisition")
                                                                        .asText() + ")");
                            }
                        }
                    }
                }
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Start template NAME in a project directory on the server; print the run's id.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String template;

        @Option(
                names = "--project",
                required = true,
                paramLabel = "DIR",
                description = "The RELION project directory, inside one of the server's project roots "
                        + "(absolute, or relative to the first root).")
        String project;

        @Mixin
        RunSettings settings;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            DataClient client = server.client();
            ObjectNode body = client.mapper().createObjectNode();
            body.put("template", template);
            body.put("project", project);
            String wrong = settings.fill(body);
            if (wrong != null) {
                output.failure(wrong);
                return ExitCode.USAGE;
            }
            JsonNode run = client.postJson(PATH + "/runs", body);
            print(output, run, () -> output.out().println(run.path("id").asText()));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Without RUN: the newest runs. With RUN: the run and each job's status.")
    static final class Status implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "RUN")
        String run;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            DataClient client = server.client();
            if (run == null) {
                JsonNode runs = client.getJson(PATH + "/runs");
                print(
                        output,
                        runs,
                        () -> runs.forEach(r -> output.out()
                                .printf(
                                        Locale.ROOT,
                                        "%s  %-10s %-20s %s%n",
                                        r.path("id").asText(),
                                        r.path("status").asText(),
                                        r.path("name").asText(),
                                        r.path("project").asText())));
                return ExitCode.OK;
            }
            JsonNode r = client.getJson(PATH + "/runs/" + encode(run));
            print(output, r, () -> printRun(output, r));
            return ExitCode.OK;
        }
    }

    static void printRun(CliOutput output, JsonNode r) {
        output.out()
                .printf(
                        Locale.ROOT,
                        "%s %s: %s%s%n",
                        r.path("name").asText(),
                        r.path("id").asText(),
                        r.path("status").asText(),
                        r.path("reason").isNull() ? "" : " (" + r.path("reason").asText() + ")");
        for (JsonNode j : r.path("jobs")) {
            output.out()
                    .printf(
                            Locale.ROOT,
                            "  %-14s %-18s %-10s attempt %d%s%n",
                            j.path("name").asText(),
                            j.path("job_dir").asText(),
                            j.path("status").asText(),
                            j.path("attempt").asInt(),
                            j.path("reason").isNull()
                                    ? ""
                                    : "  " + j.path("reason").asText());
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel run RUN and its running jobs.")
    static final class Cancel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN")
        String run;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            JsonNode r = server.client()
                    .postJson(
                            PATH + "/runs/" + encode(run) + "/cancel",
                            server.client().mapper().createObjectNode());
            print(output, r, () -> printRun(output, r));
            return ExitCode.OK;
        }
    }
}
