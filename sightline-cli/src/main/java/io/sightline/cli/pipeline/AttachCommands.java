package io.sightline.cli.pipeline;

import static io.sightline.cli.pipeline.PipelineCommand.PATH;
import static io.sightline.cli.pipeline.PipelineCommand.encode;
import static io.sightline.cli.pipeline.PipelineCommand.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.cli.data.DataClient;
import io.sightline.cli.data.ServerOptions;
import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sightline pipeline attach|attachments|flush|detach}: pipelines attached to acquisitions, which run on
 * the acquisition's new micrographs in batches as the agent delivers them (docs/pipelines.md), through
 * {@code /api/v1/pipeline/attachments}.
 */
final class AttachCommands {
    static final String ATTACHMENTS = PATH + "/attachments";

    private AttachCommands() {}

    @Command(
            name = "attach",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = "Attach template NAME to acquisition ACQUISITION: its new micrographs run through the"
                    + " pipeline in batches. Prints the attachment's id.")
    static final class Attach implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ACQUISITION", description = "The acquisition's uuid.")
        String acquisition;

        @Parameters(index = "1", paramLabel = "NAME", description = "A pipeline template with a spa.import job.")
        String template;

        @Option(
                names = "--project",
                required = true,
                paramLabel = "DIR",
                description = "The RELION project every batch writes into, inside one of the server's project"
                        + " roots (absolute, or relative to the first root).")
        String project;

        @Option(names = "--batch-size", paramLabel = "N", description = "Micrographs per batch (default 20).")
        int batchSize = 20;

        @Option(
                names = "--max-wait",
                paramLabel = "SECONDS",
                description = "Submit a partial batch once its oldest micrograph has waited this long (default 60).")
        double maxWait = 60;

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
            body.put("acquisition_uuid", acquisition);
            body.put("template", template);
            body.put("project", project);
            body.put("batch_size", batchSize);
            body.put("max_wait_seconds", maxWait);
            String wrong = settings.fill(body);
            if (wrong != null) {
                output.failure(wrong);
                return ExitCode.USAGE;
            }
            JsonNode a = client.postJson(ATTACHMENTS, body);
            print(output, a, () -> output.out().println(a.path("id").asText()));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "attachments",
            mixinStandardHelpOptions = true,
            description = "Without ID: every attachment. With ID: the attachment and its batches' runs.")
    static final class Attachments implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID")
        String id;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            DataClient client = server.client();
            if (id == null) {
                JsonNode all = client.getJson(ATTACHMENTS);
                print(output, all, () -> all.forEach(a -> printAttachment(output, a)));
                return ExitCode.OK;
            }
            JsonNode a = client.getJson(ATTACHMENTS + "/" + encode(id));
            print(output, a, () -> {
                printAttachment(output, a);
                for (JsonNode b : a.path("batch_runs")) {
                    output.out()
                            .printf(
                                    Locale.ROOT,
                                    "  batch %-4d %4d micrographs  run %s  %s%s%n",
                                    b.path("number").asInt(),
                                    b.path("size").asInt(),
                                    b.path("run_id").asText(),
                                    b.path("run_status").asText(),
                                    b.path("reason").isNull()
                                            ? ""
                                            : " (" + b.path("reason").asText() + ")");
                }
            });
            return ExitCode.OK;
        }
    }

    @Command(
            name = "flush",
            mixinStandardHelpOptions = true,
            description = "Process the micrographs waiting in attachment ID now, as one batch.")
    static final class Flush implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            JsonNode a = server.client()
                    .postJson(
                            ATTACHMENTS + "/" + encode(id) + "/flush",
                            server.client().mapper().createObjectNode());
            print(output, a, () -> printAttachment(output, a));
            return ExitCode.OK;
        }
    }

    @Command(
            name = "detach",
            mixinStandardHelpOptions = true,
            description = "Stop attachment ID taking micrographs; runs already started go on.")
    static final class Detach implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            JsonNode a = server.client().deleteJson(ATTACHMENTS + "/" + encode(id));
            print(output, a, () -> printAttachment(output, a));
            return ExitCode.OK;
        }
    }

    static void printAttachment(CliOutput output, JsonNode a) {
        output.out()
                .printf(
                        Locale.ROOT,
                        "%s  %-9s acquisition %s  %s  batch %d, wait %ss  taken %d, waiting %d, batches %d%n",
                        a.path("id").asText(),
                        a.path("status").asText(),
                        a.path("acquisition_uuid").asText(),
                        a.path("pipeline").asText(),
                        a.path("batch_size").asInt(),
                        a.path("max_wait_seconds").asText(),
                        a.path("taken").asInt(),
                        a.path("waiting").asInt(),
                        a.path("batches").asInt());
    }
}
