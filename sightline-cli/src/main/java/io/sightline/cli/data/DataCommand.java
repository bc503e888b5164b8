package io.sightline.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.CommandFailedException;
import io.sightline.cli.support.ExitCode;
import io.sightline.core.image.ImageHeader;
import io.sightline.core.image.ImageReadException;
import io.sightline.core.image.formats.ImageFormats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sightline data}: the producer's side of data objects (docs/data-objects.md). {@code put} registers
 * a file already written to storage (shape and dtype from its header, a SHA-256 the server verifies),
 * {@code get} shows one or downloads its bytes, {@code ls} lists them.
 */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Register files written to storage as data objects, and read them back by uid.",
        subcommands = {DataCommand.Put.class, DataCommand.Get.class, DataCommand.Ls.class},
        footer = {"", "Exit codes: 0 ok, 1 refused by the server or failed, 2 usage error, 3 server unreachable."})
public final class DataCommand implements Callable<Integer> {

    @Mixin
    CliOutput output;

    @Override
    public Integer call() {
        output.failure("name a subcommand: put, get or ls (see --help)");
        return ExitCode.USAGE;
    }

    @Command(
            name = "put",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Register FILE, already in a storage root of the server, as a data object; print its uid.",
                "Shape and dtype come from the header of MRC, TIFF, PNG and JPEG files; the SHA-256 is sent "
                        + "and the server verifies it."
            })
    static final class Put implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The file, as this machine sees it.")
        Path file;

        @Option(names = "--session", required = true, paramLabel = "S", description = "The session it belongs to.")
        String session;

        @Option(names = "--kind", paramLabel = "K", description = "What it is (default: image for images, else file).")
        String kind;

        @Option(names = "--parent", paramLabel = "UID", description = "A data object it was made from; repeatable.")
        List<String> parents = new ArrayList<>();

        @Option(names = "--uid", paramLabel = "U", description = "Its uid (default: the server draws one).")
        String uid;

        @Option(
                names = "--path",
                paramLabel = "P",
                description = "The path to register, when the server sees the file elsewhere (default: FILE's "
                        + "absolute path; the server's --path-map may rewrite it).")
        String path;

        @Option(names = "--no-checksum", description = "Do not read the whole file for its SHA-256.")
        boolean noChecksum;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                output.failure(file + " is not a readable file");
                return ExitCode.FAILED;
            }
            DataClient client = server.client();
            ObjectNode body = client.mapper().createObjectNode();
            if (uid != null) {
                body.put("uid", uid);
            }
            body.put(
                    "path",
                    path != null ? path : file.toAbsolutePath().normalize().toString());
            body.put("session", session);
            String k = kind;
            try {
                var format = ImageFormats.standard().recognise(file);
                if (format.isPresent()) {
                    ImageHeader header = ImageFormats.standard().header(file);
                    ArrayNode shape = body.putArray("shape");
                    header.shape().forEach(shape::add);
                    body.put("dtype", header.dtype().dtype());
                    k = k == null ? "image" : k;
                }
            } catch (ImageReadException e) {
                output.failure(e.kind() + ": " + e.getMessage());
                return ExitCode.FAILED;
            }
            body.put("kind", k == null ? "file" : k);
            ArrayNode parentList = body.putArray("parents");
            parents.forEach(parentList::add);
            if (!noChecksum) {
                body.put("checksum", "sha256:" + sha256(file));
            }
            JsonNode registered = client.register(body);
            if (output.json()) {
                output.printJson(registered);
            } else {
                output.out().println(registered.get("uid").asText());
                output.out().flush();
            }
            return ExitCode.OK;
        }

        private static String sha256(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[1 << 20];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (IOException e) {
                throw new CommandFailedException(ExitCode.FAILED, "cannot read " + file + ": " + e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    @Command(
            name = "get",
            mixinStandardHelpOptions = true,
            description = "Show data object UID, or with -o download its bytes.")
    static final class Get implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "UID")
        String uid;

        @Option(
                names = {"-o", "--output"},
                paramLabel = "FILE",
                description = "Write the object's bytes here.")
        Path target;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            DataClient client = server.client();
            if (target != null) {
                long n = client.download(uid, target);
                if (output.json()) {
                    output.printJson(Map.of("uid", uid, "file", target.toString(), "bytes", n));
                } else {
                    output.out().printf(Locale.ROOT, "%s: %d bytes to %s%n", uid, n, target);
                    output.out().flush();
                }
                return ExitCode.OK;
            }
            JsonNode object = client.get(uid);
            if (output.json()) {
                output.printJson(object);
            } else {
                object.properties()
                        .forEach(field -> output.out()
                                .printf(Locale.ROOT, "%-12s%s%n", field.getKey() + ":", text(field.getValue())));
                output.out().flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List data objects, oldest first.")
    static final class Ls implements Callable<Integer> {
        @Option(names = "--session", paramLabel = "S", description = "Only this session's.")
        String session;

        @Option(names = "--kind", paramLabel = "K", description = "Only this kind.")
        String kind;

        @Option(names = "--parent", paramLabel = "UID", description = "Only the children of this object.")
        String parent;

        @Option(names = "--limit", paramLabel = "N", description = "At most N (1 to 1000; default 100).")
        Integer limit;

        @Option(names = "--offset", paramLabel = "N", description = "Skip the first N.")
        Integer offset;

        @Mixin
        ServerOptions server;

        @Mixin
        CliOutput output;

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("session", session);
            query.put("kind", kind);
            query.put("parent", parent);
            query.put("limit", limit == null ? null : limit.toString());
            query.put("offset", offset == null ? null : offset.toString());
            JsonNode objects = server.client().list(query);
            if (output.json()) {
                output.printJson(objects);
                return ExitCode.OK;
            }
            for (JsonNode o : objects) {
                output.out()
                        .printf(
                                Locale.ROOT,
                                "%-36s  %-12s  %-10s  %-9s  %s%n",
                                o.get("uid").asText(),
                                o.get("kind").asText(),
                                text(o.get("shape")),
                                o.get("status").asText(),
                                o.get("path").asText());
            }
            output.out().flush();
            return ExitCode.OK;
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "-" : value.isTextual() ? value.asText() : value.toString();
    }
}
