package io.sightline.cli.recording;

import io.sightline.cli.support.CliOutput;
import io.sightline.cli.support.ExitCode;
import io.sightline.cli.support.Progress;
import io.sightline.simulate.recording.RecordedEvent;
import io.sightline.simulate.recording.RecordingException;
import io.sightline.simulate.recording.RecordingMetadata;
import io.sightline.simulate.recording.RecordingVerificationException;
import io.sightline.simulate.recording.ReplayListener;
import io.sightline.simulate.recording.ReplayOptions;
import io.sightline.simulate.recording.ReplayResult;
import io.sightline.simulate.recording.SessionReplayer;
import io.sightline.simulate.recording.Sleeper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline replay REC TARGET}: writes a recorded session into TARGET as it happened. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Replay an epuplayer-format recording into TARGET, with its timing (scaled) and checksums.",
        footer = {
            "",
            "Timing: --fast is the default (100x, pauses capped at 1 s). --max-delay and --burst apply on "
                    + "top of any choice.",
            "",
            "Exit codes: 0 replayed (and verified), 1 unreadable, unsafe or failed " + "verification, 2 usage error."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "REC", description = "The recording (.tar.gz).")
    Path recording;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The folder to write into (created if missing).")
    Path target;

    @Option(names = "--exact", description = "Original timing.")
    boolean exact;

    @Option(names = "--fast", description = "100x faster, pauses capped at 1 s (default).")
    boolean fast;

    @Option(names = "--dev", description = "1000x faster, pauses capped at 0.1 s, bursts.")
    boolean dev;

    @Option(names = "--speed", paramLabel = "X", description = "X times faster than recorded.")
    Double speed;

    @Option(names = "--max-delay", paramLabel = "S", description = "Never pause longer than S seconds.")
    Double maxDelay;

    @Option(names = "--burst", description = "Write bursts of events without pauses between them.")
    boolean burst;

    @Option(names = "--no-verify", description = "Skip the sha256 check of each file after writing it.")
    boolean noVerify;

    @Mixin
    CliOutput output;

    @Override
    public Integer call() throws Exception {
        ReplayOptions options;
        try {
            options = ReplayOptions.fromFlags(exact, fast, dev, speed, maxDelay, burst, noVerify);
        } catch (IllegalArgumentException e) {
            output.failure(e.getMessage());
            return ExitCode.USAGE;
        }
        ReplayResult result;
        try (Progress progress = new Progress(output.showProgress(), System.err, "replaying")) {
            ReplayListener listener = new ReplayListener() {
                @Override
                public void started(RecordingMetadata metadata, int totalEvents) {
                    progress.progress(0, totalEvents);
                }

                @Override
                public void eventDone(int done, int total, RecordedEvent event) {
                    progress.progress(done, total);
                }
            };
            result = new SessionReplayer(Sleeper.REAL, listener).replay(recording, target, options);
        } catch (RecordingVerificationException e) {
            print(e.result());
            output.failure(e.getMessage());
            return ExitCode.FAILED;
        } catch (RecordingException e) {
            output.failure(e.getMessage());
            return ExitCode.FAILED;
        }
        print(result);
        return ExitCode.OK;
    }

    private void print(ReplayResult result) {
        if (output.json()) {
            output.printJson(result);
            return;
        }
        output.out()
                .printf(
                        "%s: %d events applied, %d skipped, %d files verified%n",
                        target, result.eventsApplied(), result.eventsSkipped(), result.filesVerified());
        result.warnings().forEach(w -> output.out().println("  warning: " + w));
        result.verificationFailures()
                .forEach(f -> output.out().println("  verification failed: " + f.path() + ": " + f.problem()));
        output.out().flush();
    }
}
