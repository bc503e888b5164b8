package io.sightline.core.image.tiff;

import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** The TIFF compressions this reader decodes, by their Compression tag value, and the names of some it does not. */
final class Compressions {

    static final int NONE = 1;

    private static final Map<Integer, Decompressor> DECODED = Map.of(
            NONE,
            Compressions::copy,
            5,
            LzwDecoder::decode,
            8,
            Compressions::inflate,
            32946,
            Compressions::inflate, // the older Deflate code, still written by some tools
            32773,
            PackBits::decode);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(NONE, "none"),
            Map.entry(2, "CCITT RLE"),
            Map.entry(3, "CCITT T.4"),
            Map.entry(4, "CCITT T.6"),
            Map.entry(5, "LZW"),
            Map.entry(6, "old JPEG"),
            Map.entry(7, "JPEG"),
            Map.entry(8, "Deflate"),
            Map.entry(32946, "Deflate"),
            Map.entry(32773, "PackBits"),
            Map.entry(34712, "JPEG 2000"),
            Map.entry(34925, "LZMA"),
            Map.entry(50000, "Zstandard"),
            Map.entry(50001, "WebP"),
            Map.entry(65000, "EER"));

    private Compressions() {}

    static Decompressor decompressor(int compression) {
        return DECODED.get(compression);
    }

    static String name(int compression) {
        return NAMES.getOrDefault(compression, "compression " + compression);
    }

    private static String copy(byte[] src, byte[] dst) {
        if (src.length < dst.length) {
            return "holds " + src.length + " bytes, needs " + dst.length;
        }
        System.arraycopy(src, 0, dst, 0, dst.length);
        return null;
    }

    private static String inflate(byte[] src, byte[] dst) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(src);
            int filled = 0;
            while (filled < dst.length) {
                int n = inflater.inflate(dst, filled, dst.length - filled);
                if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    return "inflates to " + filled + " bytes, needs " + dst.length;
                }
                filled += n;
            }
            return null;
        } catch (DataFormatException e) {
            return "is not valid Deflate data: " + e.getMessage();
        } finally {
            inflater.end();
        }
    }
}
