package io.sightline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the server refuses before any route runs (bad escapes, dot segments, URIs and headers too
 * large, unknown methods and routes) is application/problem+json with a 4xx, never Jetty's HTML page.
 * Sent over a raw socket: HTTP clients refuse to send most of these.
 */
class JettyProblemsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The status, content type and body of one raw HTTP/1.1 request. */
    record Raw(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(body);
        }
    }

    static Raw send(int port, String head, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            out.write((head + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                            + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "")
                            + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String headers = split < 0 ? response : response.substring(0, split);
            String rest = split < 0 ? "" : response.substring(split + 4);
            int status = Integer.parseInt(headers.substring(9, 12));
            String contentType = "";
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).strip();
                }
            }
            if (headers.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                rest = unchunk(rest);
            }
            return new Raw(status, contentType, rest);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    static void isProblem(Raw raw, int lowest, int highest) throws IOException {
        assertThat(raw.status()).as(raw.body()).isBetween(lowest, highest);
        assertThat(raw.contentType()).as(raw.body()).startsWith("application/problem+json");
        JsonNode problem = raw.json();
        assertThat(problem.get("status").asInt()).isEqualTo(raw.status());
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/grids/%00",
                "/grids/%ff",
                "/grids/%",
                "/grids/%zz",
                "/%",
                "/grids/a%00b/gridsquares",
                "/../etc/passwd",
                "/grids/../../etc/passwd",
                "/grids/%2e%2e/%2e%2e/x",
                "/grids/..%2f..%2fx",
                "/grids/%2F",
                "/grids/a;b/x",
                "/grids//x",
            })
    void badPathsAndEscapesAreProblems(String target) throws IOException {
        // 422 where the router hands the segment to an id parameter that the id rules refuse (a decoded "/")
        isProblem(send(server.port(), "GET " + target + " HTTP/1.1", ""), 400, 422);
    }

    /** Jetty leaves a query parameter with a bad escape out: the list answers as if it were not sent. */
    @ParameterizedTest
    @ValueSource(strings = {"/acquisitions?limit=%", "/acquisitions?%zz=1", "/acquisitions?limit=%00"})
    void badEscapesInTheQueryAreNeverAServerError(String target) throws IOException {
        Raw raw = send(server.port(), "GET " + target + " HTTP/1.1", "");
        if (raw.status() == 200) {
            assertThat(raw.contentType()).startsWith("application/json");
        } else {
            isProblem(raw, 400, 422);
        }
    }

    /** Found by the fuzzer: the server hung up after a bad URI without saying so, and a client's next request failed. */
    @Test
    void aConnectionTheServerDropsAfterARefusalIsAnnounced() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            var refused = http.send(
                    java.net.http.HttpRequest.newBuilder(server.uri("/agent/%00%00/sessions"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Connection")).hasValue("close");
            // on the same client, whose pool would have reused a connection not announced as closed
            var next = http.send(
                    java.net.http.HttpRequest.newBuilder(server.uri("/acquisitions"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                    "{\"uuid\":\"" + java.util.UUID.randomUUID() + "\"}"))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).isEqualTo(201);
        }
    }

    /** Found by the fuzzer: Jetty wrote error bodies only for GET, POST and HEAD. */
    @ParameterizedTest
    @ValueSource(strings = {"DELETE", "PUT", "PATCH", "OPTIONS"})
    void refusalsOfEveryMethodAreProblems(String method) throws IOException {
        isProblem(send(server.port(), method + " /grids/%00 HTTP/1.1", ""), 400, 400);
        isProblem(send(server.port(), method + " /atlases/" + "a".repeat(9_000) + " HTTP/1.1", ""), 414, 431);
        // a request line that fits, with headers that then do not
        isProblem(
                send(
                        server.port(),
                        method + " /atlases/" + "a".repeat(8_000) + " HTTP/1.1\r\nX-A: " + "b".repeat(300),
                        ""),
                414,
                431);
    }

    @Test
    void anUriTooLongIs414() throws IOException {
        isProblem(send(server.port(), "GET /grids/" + "a".repeat(80_000) + " HTTP/1.1", ""), 414, 414);
    }

    @Test
    void anIdOf8000CharactersIsAProblem() throws IOException {
        // 422 naming the path parameter (ids are at most 36 characters), or 414 when Jetty refuses the line
        isProblem(send(server.port(), "GET /grids/" + "a".repeat(8_000) + " HTTP/1.1", ""), 404, 422);
    }

    @Test
    void headersTooLargeAreAProblem() throws IOException {
        isProblem(send(server.port(), "GET /grids HTTP/1.1\r\nX-Big: " + "b".repeat(64_000), ""), 431, 431);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO /grids", "PATCH /grids", "DELETE /grids", "TRACE /grids", "PUT /health", "BREW /"})
    void methodsARouteDoesNotTakeAreProblems(String line) throws IOException {
        isProblem(send(server.port(), line + " HTTP/1.1", ""), 400, 405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"DELETE /grids", "PATCH /acquisitions", "PUT /api/v1/ingest", "POST /health"})
    void aPathAskedWithAMethodItDoesNotTakeIs405(String line) throws IOException {
        Raw raw = send(server.port(), line + " HTTP/1.1", "");
        isProblem(raw, 405, 405);
        assertThat(raw.json().get("detail").asText()).contains(line.substring(0, line.indexOf(' ')));
    }

    @Test
    void anUnknownRouteIs404() throws IOException {
        isProblem(send(server.port(), "GET /no/such/thing HTTP/1.1", ""), 404, 404);
    }

    @Test
    void aRequestThatIsNotHttpIsAProblem() throws IOException {
        isProblem(send(server.port(), "GET /grids HTTP/1.1\r\nContent-Length: nope", ""), 400, 400);
    }

    @Test
    void trailingContentAfterTheJsonIsRefused() throws IOException {
        Raw raw = send(server.port(), "POST /acquisitions HTTP/1.1\r\nContent-Type: application/json", "{}xyz");
        isProblem(raw, 400, 400);
        assertThat(raw.json().get("detail").asText()).contains("not valid JSON");
    }

    @Test
    void aBodyThatIsNotJsonByItsTypeIs415() throws IOException {
        Raw raw = send(
                server.port(),
                "POST /acquisitions HTTP/1.1\r\nContent-Type: text/plain",
                "{\"uuid\":\"" + java.util.UUID.randomUUID() + "\"}");
        isProblem(raw, 415, 415);
        assertThat(server.get("/acquisitions").json()).isEmpty();
    }
}
