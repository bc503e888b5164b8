package io.sightline.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.image.formats.ImageFormats;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers that lie, files cut short, and requests past the end: each a typed error naming the file and field. */
class BadHeaderTest {

    @TempDir
    Path dir;

    private final ImageFormats formats = ImageFormats.standard();

    @Test
    void anMrcClaimingAMillionByAMillionPixelsIsTooLargeBeforeAnythingIsAllocated() throws IOException {
        Path file = TinyFiles.mrc(dir.resolve("huge.mrc"), 8, 6, 2);
        TinyFiles.patchInt(file, 0, 1_000_000);
        TinyFiles.patchInt(file, 4, 1_000_000);

        expect(() -> formats.header(file), ImageReadException.TooLarge.class, file, "nx");
    }

    @Test
    void anMrcWithANegativeSizeIsMalformed() throws IOException {
        Path file = TinyFiles.mrc(dir.resolve("negative.mrc"), 8, 6, 2);
        TinyFiles.patchInt(file, 4, -6);

        expect(() -> formats.header(file), ImageReadException.Malformed.class, file, "ny");
    }

    @Test
    void anMrcShorterThanItsHeaderSaysIsTruncated() throws IOException {
        Path file = TinyFiles.mrc(dir.resolve("cut.mrc"), 8, 6, 2);
        cut(file, 1024 + 8 * 6 * 4 + 10);

        expect(() -> formats.header(file), ImageReadException.Truncated.class, file, "nx × ny × nz");
    }

    @Test
    void anExtendedHeaderLongerThanTheFileIsTruncatedNamingNsymbt() throws IOException {
        Path file = TinyFiles.mrc(dir.resolve("ext.mrc"), 8, 6, 2);
        TinyFiles.patchInt(file, 92, 1 << 30);

        expect(() -> formats.header(file), ImageReadException.Truncated.class, file, "nsymbt");
    }

    @Test
    void anMrcCutInsideItsHeaderIsTruncated() throws IOException {
        Path file = TinyFiles.mrc(dir.resolve("head.mrc"), 8, 6, 2);
        cut(file, 600);

        expect(() -> formats.header(file), ImageReadException.Truncated.class, file, "header");
    }

    @Test
    void aComplexMrcModeIsUnsupportedByName() throws IOException {
        Path file = TinyFiles.mrc(dir.resolve("complex.mrc"), 8, 6, 2);
        TinyFiles.patchInt(file, 12, 4);

        ImageReadException e = expect(() -> formats.header(file), ImageReadException.Unsupported.class, file, "mode");
        assertThat(e.problem()).contains("complex float32");
    }

    @Test
    void aFileCutAfterItWasOpenedIsTruncatedOnRead() throws Exception {
        Path file = TinyFiles.mrc(dir.resolve("shrinks.mrc"), 8, 6, 3);
        try (ImageReader reader = formats.open(file)) {
            cut(file, 1024 + 8 * 6 * 4);

            assertThat(reader.read(PlaneRequest.full(0)).values()).startsWith(0f, 1f, 2f);
            expect(() -> reader.read(PlaneRequest.full(2)), ImageReadException.Truncated.class, file, "section 2");
        }
    }

    @Test
    void aPagePastTheLastIsNoSuchPlane() throws Exception {
        Path file = TinyFiles.mrc(dir.resolve("three.mrc"), 8, 6, 3);
        try (ImageReader reader = formats.open(file)) {
            ImageReadException e =
                    expect(() -> reader.read(PlaneRequest.full(3)), ImageReadException.NoSuchPlane.class, file, null);
            assertThat(e.problem()).contains("page 3").contains("has 3");
        }
    }

    @Test
    void aTiffClaimingAMillionPixelsPerRowIsTooLarge() throws IOException {
        Path file = write("wide.tif", TinyFiles.tiff(8, 6, Map.of(256, 1_000_000L), 1, 0));

        expect(() -> formats.header(file), ImageReadException.TooLarge.class, file, "ImageWidth (page 0)");
    }

    @Test
    void aTiffStripPastTheEndOfTheFileIsTruncated() throws IOException {
        Path file = write("strip.tif", TinyFiles.tiff(8, 6, Map.of(273, 5_000L), 1, 0));

        expect(() -> formats.header(file), ImageReadException.Truncated.class, file, "StripByteCounts (page 0)");
    }

    @Test
    void aTiffWhoseDirectoriesLoopIsMalformedNotAnEndlessWalk() throws IOException {
        Path file = write("loop.tif", TinyFiles.tiff(8, 6, Map.of(), 2, 8));

        expect(() -> formats.header(file), ImageReadException.Malformed.class, file, "IFD 2 offset");
    }

    @Test
    void aTiffStripCountThatDisagreesWithItsRowsIsMalformed() throws IOException {
        Path file = write("rows.tif", TinyFiles.tiff(8, 6, Map.of(278, 2L), 1, 0));

        expect(() -> formats.header(file), ImageReadException.Malformed.class, file, "StripOffsets (page 0)");
    }

    @Test
    void aJpegCompressedTiffIsUnsupportedByName() throws IOException {
        Path file = write("jpeg.tif", TinyFiles.tiff(8, 6, Map.of(259, 7L), 1, 0));

        ImageReadException e =
                expect(() -> formats.header(file), ImageReadException.Unsupported.class, file, "Compression (page 0)");
        assertThat(e.problem()).startsWith("JPEG is not read");
    }

    @Test
    void aBigTiffIsUnsupportedByName() throws IOException {
        Path file = write("big.tif", new byte[] {'I', 'I', 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});

        expect(() -> formats.header(file), ImageReadException.Unsupported.class, file, "TIFF header");
    }

    @Test
    void aPngClaimingAMillionRowsIsTooLarge() throws IOException {
        ByteBuffer png = ByteBuffer.allocate(8 + 25).order(ByteOrder.BIG_ENDIAN);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        png.putInt(13)
                .put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(100)
                .putInt(1_000_000);
        png.put((byte) 8)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .putInt(0);
        Path file = write("tall.png", png.array());

        expect(() -> formats.header(file), ImageReadException.TooLarge.class, file, "IHDR.height");
    }

    @Test
    void aJpegFrameOfTooManyPixelsIsTooLarge() throws IOException {
        // SOI, then a baseline frame header of 65,535 × 65,535 pixels: each edge allowed, the plane not
        byte[] jpeg = {
            (byte) 0xFF,
            (byte) 0xD8,
            (byte) 0xFF,
            (byte) 0xC0,
            0,
            11,
            8,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            1,
            1,
            0x11,
            0
        };
        Path file = write("vast.jpg", jpeg);

        expect(() -> formats.header(file), ImageReadException.TooLarge.class, file, "SOF0.width × SOF0.height");
    }

    @Test
    void aJpegWhoseSegmentRunsPastTheEndIsTruncated() throws IOException {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F, (byte) 0xFF, 'E', 'x', 'i', 'f'};
        Path file = write("exif.jpg", jpeg);

        expect(() -> formats.header(file), ImageReadException.Truncated.class, file, "marker 0xE1");
    }

    @Test
    void anEmptyFileIsTruncatedAndTextIsNotAnImage() throws IOException {
        Path empty = write("empty.tif", new byte[0]);
        Path text = write("notes.txt", "not an image at all".getBytes(StandardCharsets.US_ASCII));

        expect(() -> formats.header(empty), ImageReadException.Truncated.class, empty, null);
        ImageReadException e = expect(() -> formats.header(text), ImageReadException.Unsupported.class, text, null);
        assertThat(e.problem()).contains("tiff, png, jpeg, mrc");
    }

    @Test
    void aMissingFileIsUnreadable() {
        Path missing = dir.resolve("gone.mrc");

        expect(() -> formats.header(missing), ImageReadException.Unreadable.class, missing, null);
    }

    private <T extends ImageReadException> T expect(ThrowingCallable call, Class<T> kind, Path file, String field) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(kind);
        T e = kind.cast(thrown);
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(file.toString());
        return e;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void cut(Path file, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(length);
        }
    }
}
