package io.sightline.cli.recording;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.simulate.recording.RecorderOptions;
import io.sightline.simulate.recording.RecordingSummary;
import io.sightline.simulate.recording.SessionRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline record DIR OUT.tar.gz}: an epuplayer-compatible recording of a folder and its changes. */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Record DIR as it is now, then every change until Ctrl-C (or only the snapshot with "
                    + "--snapshot), into OUT.tar.gz in the format of SmartEM's epuplayer (recording.json v2.0 + chunks/).",
            "Binary files (images) are stored as placeholders of the right size."
        },
        footer = {"", "Exit codes: 0 recorded, 1 could not record, 2 usage error."})
public final class RecordCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to record (e.g. an EPU session).")
    Path dir;

    @Parameters(index = "1", paramLabel = "OUT.tar.gz", description = "The recording to write.")
    Path out;

    @Option(names = "--snapshot", description = "Record the folder as it is and stop; do not wait for changes.")
    boolean snapshot;

    @Option(
            names = "--poll-interval",
            paramLabel = "S",
            defaultValue = "1",
            description = "Seconds between scans for changes (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(
            names = "--skip-binary-content",
            defaultValue = "true",
            negatable = true,
            fallbackValue = "true",
            description = "Store binary files as placeholders (default: ${DEFAULT-VALUE}).")
    boolean skipBinary;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            output.failure(dir + " is not a directory");
            return ExitCode.FAILED;
        }
        if (!(pollSeconds > 0)) {
            output.failure("--poll-interval must be more than 0 seconds, was " + pollSeconds);
            return ExitCode.USAGE;
        }
        RecorderOptions options = RecorderOptions.defaults()
                .withSkipBinaryContent(skipBinary)
                .withPollInterval(Duration.ofMillis(Math.round(pollSeconds * 1000)));
        SessionRecorder recorder = new SessionRecorder(options);
        if (snapshot) {
            print(recorder.record(dir, out));
            return ExitCode.OK;
        }
        // Ctrl-C ends a live recording: the shutdown hook finishes the archive before the JVM exits.
        SessionRecorder.ActiveRecording recording = recorder.start(dir, out);
        output.err().println("recording " + dir + " into " + out + "; press Ctrl-C to stop");
        output.err().flush();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                print(recording.stop());
                            } catch (java.io.IOException e) {
                                output.failure("could not finish " + out + ": " + e.getMessage());
                            } finally {
                                finished.countDown();
                            }
                        },
                        "recording-stop"));
        finished.await();
        return ExitCode.OK;
    }

    private void print(RecordingSummary summary) {
        if (output.json()) {
            output.printJson(summary);
            return;
        }
        output.out()
                .printf(
                        "%s: %d events, %d chunks, %d placeholders%n",
                        summary.output(), summary.events(), summary.chunks(), summary.placeholders());
        summary.unreadable().forEach(u -> output.out().println("  unreadable (recorded as placeholder): " + u));
        summary.failed().forEach(f -> output.out().println("  not recorded: " + f));
        output.out().flush();
    }
}
