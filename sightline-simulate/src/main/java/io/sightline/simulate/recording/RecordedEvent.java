package io.sightline.simulate.recording;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One entry of the {@code events} array of an epuplayer {@code recording.json} (format 2.0).
 *
 * <p>Every field is written, {@code null} included, in the order epuplayer's {@code EPUEvent}
 * dataclass declares them, so the JSON reads the same whichever tool wrote it. See
 * {@code docs/recording-format.md}.
 *
 * @param timestamp seconds since the Unix epoch, with a fraction, when the change was seen
 * @param eventType one of {@link EventType}'s wire names; kept as text so unknown types can be reported
 * @param srcPath path relative to the recorded folder, {@code /}-separated
 * @param destPath the new relative path of a {@code moved} event, else {@code null}
 * @param isDirectory whether the event concerns a folder
 * @param content UTF-8 text: the whole file (created, modified, initial_file) or the appended part
 * @param size file size in bytes after the event
 * @param contentHash lower-case hex SHA-256 of the whole file after the event
 * @param binaryChunkId id of a {@code chunks/<id>.bin} entry holding the bytes instead of {@code content}
 * @param operationData {@code mtime}/{@code atime} (initial_file), {@code append_size} (appended),
 *     {@code new_size} (truncated)
 * @param filePosition the size before an append
 * @param isPlaceholder whether the file's bytes were left out (binary files): replay writes zeros
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "timestamp",
    "event_type",
    "src_path",
    "dest_path",
    "is_directory",
    "content",
    "size",
    "content_hash",
    "binary_chunk_id",
    "operation_data",
    "file_position",
    "is_placeholder"
})
public record RecordedEvent(
        @JsonProperty("timestamp") double timestamp,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("src_path") String srcPath,
        @JsonProperty("dest_path") String destPath,
        @JsonProperty("is_directory") boolean isDirectory,
        @JsonProperty("content") String content,
        @JsonProperty("size") Long size,
        @JsonProperty("content_hash") String contentHash,
        @JsonProperty("binary_chunk_id") String binaryChunkId,
        @JsonProperty("operation_data") Map<String, Object> operationData,
        @JsonProperty("file_position") Long filePosition,
        @JsonProperty("is_placeholder") boolean isPlaceholder) {

    /** The event's type, or empty when it is one this version does not know. */
    public java.util.Optional<EventType> type() {
        return EventType.fromWireName(eventType);
    }

    /** A numeric entry of {@link #operationData}, if present. */
    public java.util.OptionalDouble operationNumber(String key) {
        if (operationData == null || !(operationData.get(key) instanceof Number n)) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of(n.doubleValue());
    }

    /** Whether {@link #contentHash} is a real SHA-256 (epuplayer writes {@code unreadable_...} otherwise). */
    public boolean hasVerifiableHash() {
        return contentHash != null && contentHash.matches("[0-9a-f]{64}");
    }
}
