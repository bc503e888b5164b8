package io.sightline.agent.images;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An image file EPU wrote, recognised from its path alone (names of the file, its folder and the folder
 * above, as the manifests are; no regular expressions, since the watcher hands on thousands of paths a
 * second).
 *
 * @param kind     what it shows
 * @param path     the file (absolute, normalised)
 * @param squareId the grid square (grid-square, foil-hole, micrograph and movie images), else -1
 * @param holeId   the foil hole (foil-hole, micrograph and movie images), else -1
 */
public record EpuImage(ImageKind kind, Path path, long squareId, long holeId) {

    /** The image formats Sightline reads (EER movies are not among them, so they are not registered). */
    private static final String[] EXTENSIONS = {".jpg", ".jpeg", ".mrc", ".tif", ".tiff"};

    /** The image at {@code path}, or empty when it is not one of EPU's images. */
    public static Optional<EpuImage> classify(Path path) {
        Path file = path.getFileName();
        Path folder = path.getParent();
        if (file == null || folder == null || folder.getFileName() == null) {
            return Optional.empty();
        }
        String name = file.toString();
        String base = base(name);
        if (base == null) {
            return Optional.empty();
        }
        String parent = folder.getFileName().toString();
        Path above = folder.getParent();
        String grandparent = above == null || above.getFileName() == null
                ? ""
                : above.getFileName().toString();
        if (parent.equals("Atlas")) {
            if (base.startsWith("Atlas_")) {
                return Optional.of(new EpuImage(ImageKind.ATLAS, path, -1, -1));
            }
            if (base.startsWith("Tile_")) {
                return Optional.of(new EpuImage(ImageKind.ATLAS_TILE, path, -1, -1));
            }
            return Optional.empty();
        }
        if (parent.startsWith("GridSquare_") && base.startsWith("GridSquare_")) {
            long square = number(parent, "GridSquare_".length());
            return square < 0 ? Optional.empty() : Optional.of(new EpuImage(ImageKind.GRIDSQUARE, path, square, -1));
        }
        if (!grandparent.startsWith("GridSquare_") || !base.startsWith("FoilHole_")) {
            return Optional.empty();
        }
        long square = number(grandparent, "GridSquare_".length());
        long hole = number(base, "FoilHole_".length());
        if (square < 0 || hole < 0) {
            return Optional.empty();
        }
        if (parent.equals("FoilHoles")) {
            return Optional.of(new EpuImage(ImageKind.FOILHOLE, path, square, hole));
        }
        if (parent.equals("Data") && base.contains("_Data_")) {
            ImageKind kind = base.endsWith("_Fractions") ? ImageKind.MOVIE : ImageKind.MICROGRAPH;
            return Optional.of(new EpuImage(kind, path, square, hole));
        }
        return Optional.empty();
    }

    /** The atlas tile's id (the number after {@code Tile_} in its name, as EPU names tiles), else -1. */
    public long tileId() {
        return kind == ImageKind.ATLAS_TILE ? number(path.getFileName().toString(), "Tile_".length()) : -1;
    }

    /** The grid folder: the one holding {@code Images-Disc<N>}; null for atlas images (they sit elsewhere). */
    public Path gridFolder() {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            Path name = p.getFileName();
            if (name != null && name.toString().startsWith("Images-Disc")) {
                return p.getParent();
            }
        }
        return null;
    }

    /** The name without its image extension, or null when it has none of {@link #EXTENSIONS}. */
    private static String base(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String extension : EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return name.substring(0, name.length() - extension.length());
            }
        }
        return null;
    }

    /** The decimal digits at {@code from} up to the next '_' or the end; -1 when there are none or too many. */
    private static long number(String text, int from) {
        long value = 0;
        int i = from;
        for (; i < text.length() && text.charAt(i) != '_'; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || i - from >= 18) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return i == from ? -1 : value;
    }
}
