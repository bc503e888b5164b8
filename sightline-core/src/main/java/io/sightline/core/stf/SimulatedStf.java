package io.sightline.core.stf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The STF file format of Sightline's DAQ simulator: one header line
 * {@code SLSTF1 tf_count=<n> tf_size=<bytes> run=<run> seq=<seq>\n}, then {@code tf_count} time frames of
 * {@code tf_size} bytes each. The simulator writes it and the fast-monitoring agent reads it; real
 * detector formats come as further readers beside it.
 */
public final class SimulatedStf {
    private SimulatedStf() {}

    public static final String MAGIC = "SLSTF1";
    /** The header never exceeds this; a reader looks no further for its end. */
    public static final int MAX_HEADER = 256;

    private static final Pattern HEADER =
            Pattern.compile("SLSTF1 tf_count=(\\d{1,9}) tf_size=(\\d{1,12}) run=(\\d{1,18}) seq=(\\d{1,9})");

    /** What the header says. */
    public record Header(int tfCount, long tfSize, long run, int seq) {
        public String line() {
            return MAGIC + " tf_count=" + tfCount + " tf_size=" + tfSize + " run=" + run + " seq=" + seq + "\n";
        }

        public long headerBytes() {
            return line().getBytes(StandardCharsets.US_ASCII).length;
        }

        /** The byte offset of time frame {@code index} (0-based). */
        public long offsetOf(int index) {
            return headerBytes() + index * tfSize;
        }
    }

    /** The header at the start of {@code in}, or empty when it is not this format. */
    public static Optional<Header> readHeader(InputStream in) throws IOException {
        byte[] buf = in.readNBytes(MAX_HEADER);
        int end = -1;
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return Optional.empty();
        }
        Matcher m = HEADER.matcher(new String(buf, 0, end, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Header(
                Integer.parseInt(m.group(1)),
                Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3)),
                Integer.parseInt(m.group(4))));
    }
}
