package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** However the network cuts the byte stream into chunks, the parser yields the same events. */
class SseParserChunkingTest {

    record Written(byte[] bytes, List<SseEvent> expected) {}

    @Property(tries = 300)
    void chunkingTheStreamAnywhereGivesTheSameEvents(
            @ForAll("streams") Written stream, @ForAll("cuts") List<Integer> cutSeeds) {
        byte[] bytes = stream.bytes();
        List<SseEvent> whole = new SseParser().feed(bytes);
        assertThat(whole).isEqualTo(stream.expected());

        TreeSet<Integer> cuts = new TreeSet<>();
        for (int seed : cutSeeds) {
            cuts.add(bytes.length == 0 ? 0 : Math.floorMod(seed, bytes.length + 1));
        }
        SseParser parser = new SseParser();
        List<SseEvent> chunked = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunked.addAll(parser.feed(bytes, from, cut - from));
            from = cut;
        }
        chunked.addAll(parser.feed(bytes, from, bytes.length - from));
        assertThat(chunked).isEqualTo(whole);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<Written> streams() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withChars("åµ⟨⟩€".toCharArray())
                .ofMaxLength(20);
        Arbitrary<String> eol = Arbitraries.of("\n", "\r\n", "\r");
        Arbitrary<List<String>> dataLines = text.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> type = Arbitraries.of("", "instruction", "heartbeat", "connection");
        Arbitrary<String> id = Arbitraries.of("", "1", "b7c1", "x-9");
        Arbitrary<Boolean> comment = Arbitraries.of(true, false);
        record Block(String type, String id, List<String> data, String eol, boolean comment) {}
        Arbitrary<Block> block =
                Combinators.combine(type, id, dataLines, eol, comment).as(Block::new);
        return Combinators.combine(block.list().ofMaxSize(6), Arbitraries.of(true, false))
                .as((blocks, bom) -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    StringBuilder s = new StringBuilder(bom ? "\uFEFF" : "");
                    List<SseEvent> expected = new ArrayList<>();
                    String lastId = "";
                    for (Block b : blocks) {
                        String e = b.eol();
                        if (b.comment()) {
                            s.append(": ping").append(e);
                        }
                        if (!b.type().isEmpty()) {
                            s.append("event: ").append(b.type()).append(e);
                        }
                        if (!b.id().isEmpty()) {
                            s.append("id: ").append(b.id()).append(e);
                            lastId = b.id();
                        }
                        for (String d : b.data()) {
                            s.append("data: ").append(d).append(e);
                        }
                        s.append(e);
                        expected.add(new SseEvent(
                                lastId, b.type().isEmpty() ? "message" : b.type(), String.join("\n", b.data()), null));
                    }
                    out.writeBytes(s.toString().getBytes(StandardCharsets.UTF_8));
                    return new Written(out.toByteArray(), expected);
                });
    }
}
