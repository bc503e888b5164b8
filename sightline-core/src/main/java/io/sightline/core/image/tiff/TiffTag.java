package io.sightline.core.image.tiff;

/** The baseline and extension tags this reader uses, by number (TIFF 6.0 and its technical notes). */
final class TiffTag {
    static final int IMAGE_WIDTH = 256;
    static final int IMAGE_LENGTH = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int IMAGE_DESCRIPTION = 270;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int ROWS_PER_STRIP = 278;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int Y_RESOLUTION = 283;
    static final int PLANAR_CONFIGURATION = 284;
    static final int RESOLUTION_UNIT = 296;
    static final int SOFTWARE = 305;
    static final int PREDICTOR = 317;
    static final int TILE_WIDTH = 322;
    static final int TILE_LENGTH = 323;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int SAMPLE_FORMAT = 339;

    private TiffTag() {}

    /** The tag's name for error messages, as the specification spells it. */
    static String name(int tag) {
        return switch (tag) {
            case IMAGE_WIDTH -> "ImageWidth";
            case IMAGE_LENGTH -> "ImageLength";
            case BITS_PER_SAMPLE -> "BitsPerSample";
            case COMPRESSION -> "Compression";
            case PHOTOMETRIC -> "PhotometricInterpretation";
            case IMAGE_DESCRIPTION -> "ImageDescription";
            case STRIP_OFFSETS -> "StripOffsets";
            case SAMPLES_PER_PIXEL -> "SamplesPerPixel";
            case ROWS_PER_STRIP -> "RowsPerStrip";
            case STRIP_BYTE_COUNTS -> "StripByteCounts";
            case X_RESOLUTION -> "XResolution";
            case Y_RESOLUTION -> "YResolution";
            case PLANAR_CONFIGURATION -> "PlanarConfiguration";
            case RESOLUTION_UNIT -> "ResolutionUnit";
            case SOFTWARE -> "Software";
            case PREDICTOR -> "Predictor";
            case TILE_WIDTH -> "TileWidth";
            case TILE_LENGTH -> "TileLength";
            case TILE_OFFSETS -> "TileOffsets";
            case TILE_BYTE_COUNTS -> "TileByteCounts";
            case SAMPLE_FORMAT -> "SampleFormat";
            default -> "tag " + tag;
        };
    }
}
