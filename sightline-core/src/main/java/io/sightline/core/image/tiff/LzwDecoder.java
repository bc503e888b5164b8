package io.sightline.core.image.tiff;

/**
 * TIFF's LZW (TIFF 6.0, section 13): codes of 9 to 12 bits, most significant bit first, with the code width
 * growing one code early, as every TIFF writer since libtiff does. Output stops at the buffer's end, so a
 * corrupt stream can never write more than was asked for.
 */
final class LzwDecoder {

    private static final int CLEAR = 256, END = 257, FIRST = 258, MAX_CODES = 4096;

    private LzwDecoder() {}

    static String decode(byte[] src, byte[] dst) {
        // the table as prefix code + last byte, with each entry's length and first byte for quick copies
        int[] prefix = new int[MAX_CODES];
        byte[] suffix = new byte[MAX_CODES];
        byte[] first = new byte[MAX_CODES];
        int[] length = new int[MAX_CODES];
        for (int i = 0; i < 256; i++) {
            suffix[i] = (byte) i;
            first[i] = (byte) i;
            length[i] = 1;
        }
        int next = FIRST, width = 9, previous = -1, out = 0;
        long bits = 0;
        int bitCount = 0, in = 0;
        while (out < dst.length) {
            while (bitCount < width) {
                if (in >= src.length) {
                    return "ends after " + out + " of " + dst.length + " bytes";
                }
                bits = (bits << 8) | (src[in++] & 0xFF);
                bitCount += 8;
            }
            int code = (int) ((bits >>> (bitCount - width)) & ((1 << width) - 1));
            bitCount -= width;
            if (code == END) {
                return "ends after " + out + " of " + dst.length + " bytes";
            }
            if (code == CLEAR) {
                next = FIRST;
                width = 9;
                previous = -1;
                continue;
            }
            if (previous == -1) {
                if (code > 255) {
                    return "starts with code " + code + " after a clear code";
                }
                dst[out++] = (byte) code;
                previous = code;
                continue;
            }
            int emitted;
            if (code < next) {
                emitted = code;
            } else if (code == next && next < MAX_CODES) {
                emitted = -1; // the KwKwK case: the previous string and its own first byte
            } else {
                return "holds code " + code + " before it was defined (next is " + next + ")";
            }
            if (next < MAX_CODES) {
                prefix[next] = previous;
                suffix[next] = emitted >= 0 ? first[emitted] : first[previous];
                first[next] = first[previous];
                length[next] = length[previous] + 1;
                if (emitted < 0) {
                    emitted = next;
                }
                next++;
            } else if (emitted < 0) {
                return "overflows its table of " + MAX_CODES + " codes";
            }
            out = write(emitted, prefix, suffix, length, dst, out);
            previous = emitted;
            if (next + 1 >= (1 << width) && width < 12) {
                width++;
            }
        }
        return null;
    }

    /** Writes the string of {@code code} (backwards from its end), cut at the buffer's end. */
    private static int write(int code, int[] prefix, byte[] suffix, int[] length, byte[] dst, int out) {
        int n = length[code];
        int end = out + n;
        int c = code;
        for (int at = end - 1; at >= out; at--) {
            if (at < dst.length) {
                dst[at] = suffix[c];
            }
            c = prefix[c];
        }
        return Math.min(end, dst.length);
    }
}
