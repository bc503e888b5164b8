package io.sightline.core.image;

/** How a read with a step larger than one turns each {@code step × step} block into one value. */
public enum Subsampling {
    /**
     * The block's top-left sample. Reads only every step-th row (the cheapest read of a big frame), but on a
     * noisy image (a cryo-EM micrograph) the result is noise.
     */
    SAMPLE,
    /** The mean of the block (binning): reads every row, and shows what a low-magnification view would. */
    MEAN
}
