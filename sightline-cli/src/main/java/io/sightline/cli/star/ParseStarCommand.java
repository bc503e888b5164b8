package io.sightline.cli.star;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Lines;
import io.sightline.core.json.SightlineJson;
import io.sightline.core.star.StarBlockHeader;
import io.sightline.core.star.StarEvent;
import io.sightline.core.star.StarLoopHeader;
import io.sightline.core.star.StarPair;
import io.sightline.core.star.StarReader;
import io.sightline.core.star.StarRow;
import io.sightline.core.star.StarStream;
import io.sightline.core.text.TextReadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code sightline parse star FILE}: what a STAR file holds, block by block, read as a stream (a particle file
 * of millions of rows takes no more memory than a small one); RELION's job.star, scheme.star and
 * default_pipeline.star also as their typed view. {@code --json} streams every value.
 */
@Command(
        name = "star",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Read a RELION STAR file: its blocks, pairs and loops (and for job.star, scheme.star and"
                + " default_pipeline.star what RELION reads from them).")
public final class ParseStarCommand implements Callable<Integer> {

    private static final int COLUMNS_SHOWN = 8;

    @Parameters(index = "0", paramLabel = "FILE", description = "The STAR file to read.")
    Path file;

    @Mixin
    CliOutput output;

    private final StarReader reader = new StarReader();

    @Override
    public Integer call() throws IOException {
        try {
            StarOverview overview;
            try (StarStream stream = reader.open(file)) {
                overview = output.json() ? null : StarOverview.of(stream);
                if (output.json()) {
                    json(stream);
                    return ExitCode.OK;
                }
            }
            output.out().print(text(overview, view(overview)));
            output.out().flush();
            return ExitCode.OK;
        } catch (TextReadException e) {
            output.failure(e.kind() + ": " + e.getMessage());
            return ExitCode.FAILED;
        }
    }

    /** RELION's view of the file when it is one of RELION's own; read whole, which these small files allow. */
    private Optional<Record> view(StarOverview overview) throws TextReadException {
        Optional<RelionKind> kind = RelionKind.of(overview.blockNames());
        return kind.isEmpty() ? Optional.empty() : Optional.of(kind.get().view(reader.read(file), file));
    }

    private String text(StarOverview overview, Optional<Record> view) {
        Lines l = new Lines();
        l.add("file", file);
        l.add("blocks", overview.blocks().size());
        for (StarOverview.Block b : overview.blocks()) {
            java.util.List<String> what = new java.util.ArrayList<>();
            if (b.version() > 0) {
                what.add("version " + b.version());
            }
            if (b.pairCount() > 0) {
                what.add(b.pairCount() + (b.pairCount() == 1 ? " pair" : " pairs"));
            }
            for (StarOverview.Loop loop : b.loops()) {
                what.add(String.format(
                        Locale.ROOT,
                        "loop of %d column%s, %,d row%s",
                        loop.columns().size(),
                        loop.columns().size() == 1 ? "" : "s",
                        loop.rows(),
                        loop.rows() == 1 ? "" : "s"));
            }
            l.add("data_" + b.name(), String.join(", ", what));
            b.firstPairs().forEach(p -> l.item("_" + p.key() + " " + p.value()));
            for (StarOverview.Loop loop : b.loops()) {
                String columns = String.join(
                        " ", loop.columns().stream().limit(COLUMNS_SHOWN).toList());
                l.item(columns + (loop.columns().size() > COLUMNS_SHOWN ? " ..." : ""));
            }
        }
        view.ifPresent(v -> {
            l.blank();
            RelionSummary.add(l, v);
        });
        return l.toString();
    }

    /** Every block, pair, loop and row as JSON, written as read; then the RELION view, if any. */
    private void json(StarStream stream) throws IOException, TextReadException {
        ObjectMapper mapper = SightlineJson.newObjectMapper();
        JsonGenerator g = mapper.getFactory().createGenerator(output.out());
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("file", file.toString());
        g.writeArrayFieldStart("blocks");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        boolean inBlock = false;
        boolean inRows = false;
        for (StarEvent e = stream.next(); e != null; e = stream.next()) {
            if (inRows && !(e instanceof StarRow)) {
                g.writeEndArray();
                g.writeEndObject();
                inRows = false;
            }
            if (inBlock && !(e instanceof StarPair || e instanceof StarLoopHeader || e instanceof StarRow)) {
                g.writeEndArray();
                g.writeEndObject();
                inBlock = false;
            }
            switch (e) {
                case StarBlockHeader h -> {
                    names.add(h.name());
                    g.writeStartObject();
                    g.writeStringField("name", h.name());
                    g.writeNumberField("version", h.version());
                    g.writeArrayFieldStart("items");
                    inBlock = true;
                }
                case StarPair p -> {
                    g.writeStartObject();
                    g.writeStringField("key", p.key());
                    g.writeStringField("value", p.value());
                    g.writeEndObject();
                }
                case StarLoopHeader l -> {
                    g.writeStartObject();
                    g.writeArrayFieldStart("columns");
                    for (String c : l.columns()) {
                        g.writeString(c);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("rows");
                    inRows = true;
                }
                case StarRow r -> {
                    g.writeStartArray();
                    for (int i = 0; i < r.size(); i++) {
                        g.writeString(r.value(i));
                    }
                    g.writeEndArray();
                }
                default -> {}
            }
        }
        g.writeEndArray();
        Optional<RelionKind> kind = RelionKind.of(names);
        if (kind.isPresent()) {
            // the view's source text is what "blocks" already printed
            mapper.addMixIn(kind.get().viewType(), WithoutStarText.class);
            JsonNode view = mapper.valueToTree(kind.get().view(reader.read(file), file));
            g.writeFieldName("relion");
            g.writeStartObject();
            g.writeStringField("kind", kind.get().fileName());
            g.writeObjectField("view", view);
            g.writeEndObject();
        }
        g.writeEndObject();
        g.flush();
        output.out().println();
        output.out().flush();
    }

    @JsonIgnoreProperties("star")
    private abstract static class WithoutStarText {}
}
