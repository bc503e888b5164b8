package io.sightline.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.1 GET over a plain socket whose body decodes chunked transfer coding the way urllib3 does:
 * a chunk's bytes are handed over only after the CRLF that closes the chunk has been read. A server
 * that sends that CRLF only with the next chunk therefore delivers every chunk one write late, which
 * java.net.http and curl hide (they hand data over as soon as it arrives).
 */
public final class ChunkStrictHttp {

    /** Status and body; closing the body closes the socket. */
    public record Response(int status, Map<String, String> headers, InputStream body) {}

    private ChunkStrictHttp() {}

    public static Response get(URI uri, Map<String, String> headers) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        try {
            StringBuilder request = new StringBuilder()
                    .append("GET ")
                    .append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    .append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getHost())
                    .append(':')
                    .append(uri.getPort())
                    .append("\r\nAccept: text/event-stream\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> responseHeaders = new java.util.LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                responseHeaders.put(
                        h.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        h.substring(colon + 1).strip());
            }
            boolean chunked = responseHeaders
                    .getOrDefault("transfer-encoding", "")
                    .toLowerCase(Locale.ROOT)
                    .contains("chunked");
            InputStream body = chunked ? new StrictChunks(in, socket) : new Closing(in, socket);
            return new Response(status, Map.copyOf(responseHeaders), body);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed inside a line");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A body read up to the end of the connection. */
    private static class Closing extends InputStream {
        final InputStream in;
        final Socket socket;

        Closing(InputStream in, Socket socket) {
            this.in = in;
            this.socket = socket;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Chunked body, each chunk released only with its closing CRLF (as urllib3's read_chunked). */
    private static final class StrictChunks extends Closing {
        private byte[] chunk = new byte[0];
        private int pos;
        private boolean last;

        StrictChunks(InputStream in, Socket socket) {
            super(in, socket);
        }

        private boolean fill() throws IOException {
            while (pos == chunk.length && !last) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
                if (size == 0) {
                    last = true;
                    return false;
                }
                byte[] next = in.readNBytes(size);
                if (next.length < size) {
                    throw new EOFException("connection closed inside a chunk");
                }
                if (!line(in).isEmpty()) {
                    throw new IOException("chunk of " + size + " bytes not followed by CRLF");
                }
                chunk = next;
                pos = 0;
            }
            return pos < chunk.length;
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
