package io.sightline.agent.steer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SseParserTest {

    private static List<SseEvent> parse(String stream) {
        return new SseParser().feed(stream.getBytes(StandardCharsets.UTF_8));
    }

    private static SseEvent ev(String id, String type, String data) {
        return new SseEvent(id, type, data, null);
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("one data line", "data: hello\n\n", List.of(ev("", "message", "hello"))),
                Arguments.of(
                        "multi-line data joined by LF",
                        "data: a\ndata: b\ndata:\n\n",
                        List.of(ev("", "message", "a\nb\n"))),
                Arguments.of(
                        "event type and id",
                        "event: instruction\nid: 42\ndata: {}\n\n",
                        List.of(ev("42", "instruction", "{}"))),
                Arguments.of("comments ignored", ": keep-alive\n\n:x\ndata: y\n\n", List.of(ev("", "message", "y"))),
                Arguments.of("CRLF line ends", "event: a\r\ndata: 1\r\n\r\n", List.of(ev("", "a", "1"))),
                Arguments.of("CR line ends", "event: a\rdata: 1\r\r", List.of(ev("", "a", "1"))),
                Arguments.of("leading BOM dropped", "\uFEFFdata: x\n\n", List.of(ev("", "message", "x"))),
                Arguments.of("only one leading space stripped", "data:  two\n\n", List.of(ev("", "message", " two"))),
                Arguments.of("no colon: field with empty value", "data\n\n", List.of(ev("", "message", ""))),
                Arguments.of(
                        "no data: nothing dispatched, type reset",
                        "event: a\n\ndata: z\n\n",
                        List.of(ev("", "message", "z"))),
                Arguments.of(
                        "id persists to later events",
                        "id: 7\ndata: a\n\ndata: b\n\n",
                        List.of(ev("7", "message", "a"), ev("7", "message", "b"))),
                Arguments.of(
                        "id with NUL ignored",
                        "id: 1\ndata: a\n\nid: x\u0000y\ndata: b\n\n",
                        List.of(ev("1", "message", "a"), ev("1", "message", "b"))),
                Arguments.of(
                        "empty id resets",
                        "id: 1\ndata: a\n\nid\ndata: b\n\n",
                        List.of(ev("1", "message", "a"), ev("", "message", "b"))),
                Arguments.of("unknown field ignored", "foo: bar\ndata: a\n\n", List.of(ev("", "message", "a"))),
                Arguments.of(
                        "missing trailing blank line: event discarded",
                        "data: a\n\ndata: cut off",
                        List.of(ev("", "message", "a"))),
                Arguments.of(
                        "missing trailing newline after a complete line: still not dispatched", "data: a\n", List.of()),
                Arguments.of(
                        "unicode data",
                        "data: ångström ⟨µ⟩ \uD83D\uDD2C\n\n",
                        List.of(ev("", "message", "ångström ⟨µ⟩ \uD83D\uDD2C"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void parsesStreamsAsTheEventSourceRulesSay(String name, String stream, List<SseEvent> expected) {
        assertThat(parse(stream)).containsExactlyElementsOf(expected);
    }

    @Test
    void retryTakesDigitsOnlyAndIsReportedWithItsBlock() {
        SseParser parser = new SseParser();
        List<SseEvent> events =
                parser.feed("retry: 1500\ndata: a\n\nretry: 1x\ndata: b\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(events)
                .containsExactly(new SseEvent("", "message", "a", 1500L), new SseEvent("", "message", "b", null));
        assertThat(parser.retry()).isEqualTo(1500L);
    }

    @Test
    void crlfSplitAcrossChunksEndsOneLineNotTwo() {
        SseParser parser = new SseParser();
        assertThat(parser.feed("data: a\r".getBytes(StandardCharsets.UTF_8))).isEmpty();
        // if the LF after the CR counted as a second (empty) line the event would dispatch here
        assertThat(parser.feed("\ndata: b\r".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(parser.feed("\n\r\n".getBytes(StandardCharsets.UTF_8))).containsExactly(ev("", "message", "a\nb"));
    }

    @Test
    void aReconnectionCarriesTheLastEventIdIntoTheNextParser() {
        SseParser first = new SseParser();
        first.feed("id: abc\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8));
        SseParser next = new SseParser(first.lastEventId());
        assertThat(next.feed("data: 2\n\n".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(ev("abc", "message", "2"));
    }

    @Test
    void aBomLaterInTheStreamIsData() {
        assertThat(parse("data: a\n\ndata: \uFEFFb\n\n"))
                .containsExactly(ev("", "message", "a"), ev("", "message", "\uFEFFb"));
    }
}
