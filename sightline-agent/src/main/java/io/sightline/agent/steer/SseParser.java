package io.sightline.agent.steer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes of an {@code text/event-stream} into {@link SseEvent}s, following the WHATWG
 * EventSource parsing rules: lines end in CRLF, LF or CR; a leading BOM is dropped; {@code :} lines are
 * comments; {@code data:} lines accumulate; an empty line dispatches; an {@code id} holding NUL is
 * ignored; {@code retry} takes ASCII digits only; a block with no data dispatches nothing; a block cut
 * off by the end of the stream is discarded. Pure: no I/O, no clock.
 *
 * <p>Lines are split on bytes and decoded afterwards: CR and LF never occur inside a UTF-8 sequence, so
 * a multi-byte character split across two chunks decodes correctly. One parser per connection; the last
 * event id is carried to the next connection through {@link #SseParser(String)}. Not thread-safe.
 */
public final class SseParser {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean afterCr;
    private boolean firstLine = true;
    private String eventType = "";
    private String lastEventId;
    private Long blockRetry;
    private Long retry;

    public SseParser() {
        this("");
    }

    /** @param lastEventId the id the previous connection ended with */
    public SseParser(String lastEventId) {
        this.lastEventId = lastEventId == null ? "" : lastEventId;
    }

    /** Parses the next chunk; returns the events it completed, in order. */
    public List<SseEvent> feed(byte[] bytes, int offset, int length) {
        List<SseEvent> out = new ArrayList<>(2);
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == LF && afterCr) {
                // the LF of a CRLF pair: the line already ended at the CR
                afterCr = false;
                continue;
            }
            afterCr = b == CR;
            if (b == CR || b == LF) {
                endLine(out);
            } else {
                line.write(b);
            }
        }
        return out;
    }

    public List<SseEvent> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /** The id that a reconnection should send as {@code Last-Event-ID} ("" for none). */
    public String lastEventId() {
        return lastEventId;
    }

    /** The latest {@code retry:} value of this stream in ms, or null. */
    public Long retry() {
        return retry;
    }

    private void endLine(List<SseEvent> out) {
        byte[] raw = line.toByteArray();
        line.reset();
        int start = 0;
        if (firstLine
                && raw.length >= 3
                && (raw[0] & 0xff) == 0xEF
                && (raw[1] & 0xff) == 0xBB
                && (raw[2] & 0xff) == 0xBF) {
            start = 3;
        }
        firstLine = false;
        String text = new String(raw, start, raw.length - start, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            dispatch(out);
        } else if (text.charAt(0) != ':') {
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            field(field, value);
        }
    }

    private void field(String name, String value) {
        switch (name) {
            case "event" -> eventType = value;
            case "data" -> data.append(value).append('\n');
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                // digits only, and short enough to be a sane number of milliseconds
                if (!value.isEmpty() && value.length() <= 12 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    blockRetry = Long.parseLong(value);
                    retry = blockRetry;
                }
            }
            default -> {
                // unknown fields are ignored, as the rules say
            }
        }
    }

    private void dispatch(List<SseEvent> out) {
        if (data.isEmpty()) {
            eventType = "";
            blockRetry = null;
            return;
        }
        String text = data.substring(0, data.length() - 1);
        out.add(new SseEvent(lastEventId, eventType.isEmpty() ? "message" : eventType, text, blockRetry));
        data.setLength(0);
        eventType = "";
        blockRetry = null;
    }
}
