package io.sightline.cli.agent;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** {@code sightline agent watch} as its own process, polling quickly, with its log in a file. */
final class AgentProcess {
    private AgentProcess() {}

    /** Starts an agent watching {@code visit} for the server at {@code api}, its state under {@code state}. */
    static Process start(URI api, Path visit, Path state, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "io.sightline.cli.Main",
                "agent",
                "watch",
                visit.toString(),
                "--api-url",
                api.toString(),
                "--agent-id",
                "killed",
                "--polling-only",
                "--poll-interval",
                "0.2",
                "--settle",
                "0.2",
                "--log-interval",
                "1",
                "--state-dir",
                state.toString());
        File out = log.toFile();
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out)
                .start();
    }
}
