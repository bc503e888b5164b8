package io.sightline.server.sse;

import io.javalin.http.Context;

/** The response head every event stream of this server answers with. */
public final class SseResponse {

    private SseResponse() {}

    /**
     * Starts a 200 {@code text/event-stream} response whose body ends with the connection.
     *
     * <p>{@code Connection: close} is what makes each event complete on the wire when it is flushed.
     * With chunked coding Jetty writes a chunk's closing CRLF only in front of the next chunk, and
     * urllib3 (so {@code requests}, {@code sseclient} and the SmartEM agent) hands a chunk over only
     * once that CRLF has arrived: every event then reached those clients one write late, up to a
     * heartbeat interval. A body delimited by the end of the connection has no chunk framing, and a
     * stream ends with its connection anyway.
     */
    public static void begin(Context ctx) {
        ctx.status(200);
        ctx.res().setCharacterEncoding("UTF-8");
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        ctx.res().setHeader("Connection", "close");
    }
}
