package io.sightline.simulate.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides which files are recorded as placeholders (size only). Same rule as epuplayer: forced extensions
 * first, then its lists of text and binary extensions (plus the cryo-EM image formats it lacks), then the
 * first KiB: a NUL byte or invalid UTF-8 means binary.
 */
final class BinaryClassifier {

    private static final Set<String> TEXT = Set.of(
            "txt",
            "md",
            "json",
            "xml",
            "html",
            "htm",
            "css",
            "js",
            "py",
            "java",
            "cpp",
            "c",
            "h",
            "hpp",
            "cs",
            "php",
            "rb",
            "go",
            "rs",
            "sh",
            "bat",
            "ps1",
            "yml",
            "yaml",
            "toml",
            "ini",
            "cfg",
            "conf",
            "log",
            "csv",
            "tsv",
            "sql",
            "r",
            "tex",
            "latex",
            "rtf",
            "dockerfile",
            "makefile",
            "gitignore",
            "gitattributes",
            "license",
            "readme",
            "dm",
            "star",
            "mdoc");

    private static final Set<String> BINARY = Set.of(
            "jpg", "jpeg", "png", "gif", "bmp", "tiff", "tif", "webp", "ico", "svg", "mp4", "avi", "mov", "wmv", "flv",
            "mkv", "webm", "mp3", "wav", "flac", "ogg", "pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "zip",
            "rar", "7z", "tar", "gz", "bz2", "xz", "exe", "dll", "so", "dylib", "bin", "dat", "db", "sqlite", "mrc",
            "eer", "mrcs", "st", "emd", "h5", "hdf5", "ser", "gain", "npy");

    private final Set<String> forceText;
    private final Set<String> forceBinary;

    BinaryClassifier(Set<String> forceText, Set<String> forceBinary) {
        this.forceText = normalise(forceText);
        this.forceBinary = normalise(forceBinary);
    }

    boolean isBinary(Path file) {
        String ext = extension(file);
        if (forceText.contains(ext)) {
            return false;
        }
        if (forceBinary.contains(ext)) {
            return true;
        }
        if (TEXT.contains(ext)) {
            return false;
        }
        if (BINARY.contains(ext)) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(1024);
            for (byte b : head) {
                if (b == 0) {
                    return true;
                }
            }
            return !isUtf8(head, head.length == 1024);
        } catch (IOException e) {
            return false; // unreadable: epuplayer treats as text; the read that follows reports the problem
        }
    }

    /** Whether {@code bytes} are valid UTF-8; a sequence cut at the end is allowed when {@code cut}. */
    static boolean isUtf8(byte[] bytes, boolean cut) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, !cut);
        if (result.isError()) {
            return false;
        }
        return !cut ? !in.hasRemaining() : in.remaining() < 4;
    }

    static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static Set<String> normalise(Set<String> extensions) {
        return extensions.stream()
                .map(e -> e.toLowerCase(Locale.ROOT).replaceFirst("^\\.+", ""))
                .collect(Collectors.toUnmodifiableSet());
    }
}
