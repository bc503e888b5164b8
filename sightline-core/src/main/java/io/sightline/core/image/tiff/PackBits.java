package io.sightline.core.image.tiff;

/** Apple's PackBits run-length coding (TIFF 6.0, section 9), bounded by the output buffer. */
final class PackBits {

    private PackBits() {}

    static String decode(byte[] src, byte[] dst) {
        int in = 0, out = 0;
        while (out < dst.length) {
            if (in >= src.length) {
                return "ends after " + out + " of " + dst.length + " bytes";
            }
            int n = src[in++];
            if (n >= 0) {
                int count = Math.min(n + 1, dst.length - out);
                if (in + count > src.length) {
                    return "ends inside a literal run";
                }
                System.arraycopy(src, in, dst, out, count);
                in += n + 1;
                out += count;
            } else if (n != -128) {
                if (in >= src.length) {
                    return "ends inside a repeat run";
                }
                int count = Math.min(1 - n, dst.length - out);
                java.util.Arrays.fill(dst, out, out + count, src[in++]);
                out += count;
            }
        }
        return null;
    }
}
