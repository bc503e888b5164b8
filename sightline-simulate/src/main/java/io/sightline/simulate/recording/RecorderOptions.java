package io.sightline.simulate.recording;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;

/**
 * How a session is recorded; the first three mirror epuplayer's {@code record} flags.
 *
 * @param skipBinaryContent record binary files as placeholders (size and hash, no bytes); epuplayer's
 *     default, {@code --no-skip-binary-content} turns it off
 * @param forceTextExtensions extensions always recorded with content ({@code --force-text-extensions})
 * @param forceBinaryExtensions extensions always recorded as placeholders ({@code --force-binary-extensions})
 * @param pollInterval how often {@link SessionRecorder#start} rescans the tree
 * @param clock the source of event timestamps
 */
public record RecorderOptions(
        boolean skipBinaryContent,
        Set<String> forceTextExtensions,
        Set<String> forceBinaryExtensions,
        Duration pollInterval,
        InstantSource clock) {

    public RecorderOptions {
        forceTextExtensions = Set.copyOf(forceTextExtensions);
        forceBinaryExtensions = Set.copyOf(forceBinaryExtensions);
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + pollInterval);
        }
    }

    public static RecorderOptions defaults() {
        return new RecorderOptions(true, Set.of(), Set.of(), Duration.ofSeconds(1), InstantSource.system());
    }

    public RecorderOptions withPollInterval(Duration interval) {
        return new RecorderOptions(skipBinaryContent, forceTextExtensions, forceBinaryExtensions, interval, clock);
    }

    public RecorderOptions withClock(InstantSource newClock) {
        return new RecorderOptions(
                skipBinaryContent, forceTextExtensions, forceBinaryExtensions, pollInterval, newClock);
    }

    public RecorderOptions withSkipBinaryContent(boolean skip) {
        return new RecorderOptions(skip, forceTextExtensions, forceBinaryExtensions, pollInterval, clock);
    }

    public RecorderOptions withForcedExtensions(Set<String> text, Set<String> binary) {
        return new RecorderOptions(skipBinaryContent, text, binary, pollInterval, clock);
    }
}
