package io.sightline.cli.data;

import io.sightline.cli.support.CommandFailedException;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Option;

/** Which server a client command talks to, and with what token: flags > environment > defaults. */
public final class ServerOptions {
    static final String DEFAULT_URL = "http://127.0.0.1:8000";

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "Server base URL (default: " + DEFAULT_URL + "; env SIGHTLINE_API_URL).")
    String apiUrl;

    @Option(
            names = "--token",
            paramLabel = "T",
            description = "Bearer token (env SIGHTLINE_TOKEN; none for an open loopback server).")
    String token;

    public DataClient client() {
        Settings settings = Settings.load(null, System.getenv());
        String url = settings.get("api-url", apiUrl).orElse(DEFAULT_URL);
        URI base;
        try {
            base = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new CommandFailedException(ExitCode.USAGE, "--api-url '" + url + "' is not a URL: " + e.getReason());
        }
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new CommandFailedException(
                    ExitCode.USAGE, "--api-url must be http(s)://host[:port], not '" + url + "'");
        }
        return new DataClient(base, settings.get("token", token).orElse(null));
    }
}
