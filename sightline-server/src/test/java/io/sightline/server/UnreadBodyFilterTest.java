package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.server.http.Operation;
import io.sightline.server.testing.TestDatabase;
import io.sightline.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps connections alive must be told when the server will close one because an answer
 * left the request body unread; otherwise its next request on that connection gets no answer.
 */
class UnreadBodyFilterTest {

    @Test
    void anAnswerThatLeftTheBodyUnreadClosesTheConnectionAndOneThatReadItKeepsIt() throws Exception {
        try (TestServer server = TestServer.start(
                TestDatabase.h2(),
                c -> c,
                b -> b.routes(routes -> {
                    routes.post("/ignores-body", Operation.of("ignores", ""), ctx -> ctx.result("ignored"));
                    routes.post(
                            "/reads-body",
                            Operation.of("reads", ""),
                            ctx -> ctx.result("read " + ctx.body().length()));
                }))) {
            assertThat(headers(server.port(), "/ignores-body")).contains("connection: close");
            assertThat(headers(server.port(), "/reads-body")).doesNotContain("connection: close");
        }
    }

    /** One POST with a body on a fresh connection; the response's header lines, lower-cased. */
    private static List<String> headers(int port, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
                            + "Content-Length: 5\r\n\r\nhello")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            String status = in.readLine();
            assertThat(status).startsWith("HTTP/1.1 200");
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                lines.add(line.toLowerCase(Locale.ROOT));
            }
            return lines;
        }
    }
}
