package io.sightline.simulate.recording;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code metadata} object of {@code recording.json}.
 *
 * @param recordedAt local date-time without offset, as Python's {@code datetime.now().isoformat()}
 * @param watchDir the absolute path of the recorded folder on the recording machine
 * @param totalEvents number of entries in {@code events}
 * @param version format version; {@code "2.0"} for tar.gz recordings, absent (1.0) in legacy JSON
 * @param platform Python's {@code sys.platform} of the recording machine: linux, win32, darwin
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"recorded_at", "watch_dir", "total_events", "version", "platform"})
public record RecordingMetadata(
        @JsonProperty("recorded_at") String recordedAt,
        @JsonProperty("watch_dir") String watchDir,
        @JsonProperty("total_events") long totalEvents,
        @JsonProperty("version") String version,
        @JsonProperty("platform") String platform) {}
