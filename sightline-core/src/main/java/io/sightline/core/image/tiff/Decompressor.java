package io.sightline.core.image.tiff;

/** Turns one compressed strip or tile into exactly {@code dst.length} bytes, or says why it cannot. */
@FunctionalInterface
interface Decompressor {

    /** @return a description of what is wrong, or null when {@code dst} was filled */
    String decompress(byte[] src, byte[] dst);
}
