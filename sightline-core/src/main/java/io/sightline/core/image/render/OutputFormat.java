package io.sightline.core.image.render;

/** The encodings a rendering can be asked for, by ImageIO format name and media type. */
public enum OutputFormat {
    PNG("png", "image/png"),
    JPEG("jpeg", "image/jpeg");

    private final String imageIoName;
    private final String mediaType;

    OutputFormat(String imageIoName, String mediaType) {
        this.imageIoName = imageIoName;
        this.mediaType = mediaType;
    }

    String imageIoName() {
        return imageIoName;
    }

    public String mediaType() {
        return mediaType;
    }
}
