package io.sightline.fastmon;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.wire.SwfField;
import io.sightline.core.wire.SwfMessageType;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An STF to sample, from an {@code stf_ready} (or older {@code data_ready}) message or a settled file.
 *
 * @param tfCount frames in the STF, or null when neither message nor file says
 * @param sizeBytes the STF's size, or null (the runner sends none; sizes are never required)
 * @param checksum as given ({@code ad:<adler32>} from the simulator and daqsim), or null
 * @param path the file, when one is on a local disk
 */
public record StfAnnouncement(
        String stfFilename,
        long runNumber,
        Integer tfCount,
        Long sizeBytes,
        String checksum,
        String namespace,
        java.nio.file.Path path) {

    /** A message the agent cannot use, with the reason it is logged with. */
    public static final class Malformed extends Exception {
        public Malformed(String reason) {
            super(reason);
        }
    }

    private static final Pattern[] RUN_IN_NAME = {
        Pattern.compile("^swf\\.(\\d{1,18})\\.\\d+\\.stf$"),
        Pattern.compile("run_?(\\d{1,18})", Pattern.CASE_INSENSITIVE),
        Pattern.compile("(?<![a-z])r(\\d{1,18})", Pattern.CASE_INSENSITIVE)
    };

    /** The run number a file name carries ({@code swf.<run>.<seq>.stf}, {@code run_<n>}, {@code r<n>}). */
    public static OptionalLong runFromName(String filename) {
        for (Pattern p : RUN_IN_NAME) {
            Matcher m = p.matcher(filename);
            if (m.find()) {
                return OptionalLong.of(Long.parseLong(m.group(1)));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The STF a message announces: empty for messages of other known types (normal bus traffic);
     * {@link Malformed} for messages that cannot be used.
     */
    public static Optional<StfAnnouncement> fromMessage(JsonNode msg) throws Malformed {
        if (msg == null || !msg.isObject()) {
            throw new Malformed("not a JSON object");
        }
        JsonNode typeNode = msg.get(SwfField.MSG_TYPE);
        if (typeNode == null || !typeNode.isTextual()) {
            throw new Malformed("msg_type is missing or not a string");
        }
        Optional<SwfMessageType> type = SwfMessageType.parse(typeNode.asText());
        if (type.isEmpty()) {
            throw new Malformed("unknown msg_type '" + cut(typeNode.asText()) + "'");
        }
        if (!type.get().announcesStf()) {
            return Optional.empty();
        }
        JsonNode name = msg.get(SwfField.FILENAME);
        if (name == null || name.isNull()) {
            throw new Malformed(type.get().wireName() + " without a filename");
        }
        if (!name.isTextual() || name.asText().isBlank()) {
            throw new Malformed("filename must be a non-empty string, got " + cut(name.toString()));
        }
        String filename = name.asText();
        int slash = Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\'));
        filename = filename.substring(slash + 1);
        if (filename.length() > SwfField.FILENAME_MAX || filename.isEmpty()) {
            throw new Malformed("filename is empty or longer than " + SwfField.FILENAME_MAX + " characters");
        }
        Long run = whole(msg, SwfField.RUN_ID);
        if (run == null) {
            run = whole(msg, SwfField.RUN_NUMBER);
        }
        if (run == null) {
            OptionalLong fromName = runFromName(filename);
            if (fromName.isEmpty()) {
                throw new Malformed(filename + ": no run_id in the message and none in the file name");
            }
            run = fromName.getAsLong();
        }
        Long tfCount = whole(msg, SwfField.TF_COUNT);
        if (tfCount != null && (tfCount < 1 || tfCount > Integer.MAX_VALUE)) {
            throw new Malformed(filename + ": tf_count must be >= 1, got " + tfCount);
        }
        Long size = whole(msg, SwfField.SIZE_BYTES);
        if (size == null) {
            size = whole(msg, "size");
        }
        JsonNode checksum = msg.get(SwfField.CHECKSUM);
        JsonNode ns = msg.get(SwfField.NAMESPACE);
        return Optional.of(new StfAnnouncement(
                filename,
                run,
                tfCount == null ? null : tfCount.intValue(),
                size == null || size < 0 ? null : size,
                checksum != null && checksum.isTextual() && checksum.asText().length() <= SwfField.CHECKSUM_MAX
                        ? checksum.asText()
                        : null,
                ns != null && ns.isTextual() ? ns.asText() : null,
                localFile(msg.get("file_url"))));
    }

    /** The file a {@code file:} URL names, when it exists on this machine (then its bytes are read). */
    private static java.nio.file.Path localFile(JsonNode url) {
        if (url == null || !url.isTextual() || !url.asText().startsWith("file:")) {
            return null;
        }
        try {
            java.nio.file.Path p = java.nio.file.Path.of(java.net.URI.create(url.asText()));
            return java.nio.file.Files.isRegularFile(p) ? p : null;
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null; // the reference agent's malformed file:/ URLs, or another host's path
        }
    }

    /** A whole number, given as a number or a string of digits; null when absent. */
    private static Long whole(JsonNode msg, String field) throws Malformed {
        JsonNode v = msg.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual() && v.asText().strip().matches("\\d{1,18}")) {
            return Long.parseLong(v.asText().strip());
        }
        throw new Malformed(field + " must be a whole number, got " + cut(v.toString()));
    }

    private static String cut(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
