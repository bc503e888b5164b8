package io.sightline.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.cli.support.CommandFailedException;
import io.sightline.cli.support.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The server's data-object routes, for the {@code data} commands: JSON in and out, the bytes of a file to a
 * path. A refusal by the server (4xx) is a {@link CommandFailedException} with its problem's detail and
 * exit code 1; a server that cannot be reached is exit code 3.
 */
public final class DataClient {
    static final String PATH = "/api/v1/data-objects";

    private final URI base;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    DataClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** GET {@code path} (from the server's root) as JSON; other API families' commands use it too. */
    public JsonNode getJson(String path) {
        return json(request(path).GET());
    }

    /** POST {@code body} as JSON to {@code path}; the answer as JSON. */
    public JsonNode postJson(String path, JsonNode body) {
        return json(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** DELETE {@code path}; the answer as JSON. */
    public JsonNode deleteJson(String path) {
        return json(request(path).DELETE());
    }

    JsonNode register(JsonNode body) {
        return json(request(PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    JsonNode get(String uid) {
        return json(request(PATH + "/" + encode(uid)).GET());
    }

    JsonNode list(Map<String, String> query) {
        String q = query.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return json(request(PATH + (q.isEmpty() ? "" : "?" + q)).GET());
    }

    /** Downloads the object's bytes to {@code target} (through a temporary file beside it); answers the count. */
    long download(String uid, Path target) {
        HttpResponse<InputStream> response =
                send(request(PATH + "/" + encode(uid) + "/raw").GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw refused(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            Path dir = target.toAbsolutePath().getParent();
            Path temp = Files.createTempFile(dir, ".sightline-", ".part");
            try {
                long n = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                return n;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CommandFailedException(ExitCode.FAILED, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private JsonNode json(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw refused(response.statusCode(), response.body());
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new CommandFailedException(ExitCode.FAILED, "the server's answer is not JSON: " + e.getMessage());
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (ConnectException e) {
            throw new CommandFailedException(ExitCode.ENVIRONMENT, "cannot reach the server at " + base, e);
        } catch (IOException e) {
            throw new CommandFailedException(
                    ExitCode.ENVIRONMENT, "talking to the server at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException(ExitCode.FAILED, "interrupted", e);
        }
    }

    /** The server's refusal as one line: its status and its problem's detail. */
    private CommandFailedException refused(int status, String body) {
        String detail = body;
        try {
            JsonNode problem = mapper.readTree(body);
            if (problem.hasNonNull("detail")) {
                detail = problem.get("detail").asText();
            }
        } catch (IOException e) {
            // not a problem+json: show the body as it is
        }
        return new CommandFailedException(ExitCode.FAILED, "the server answered " + status + ": " + detail);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
