package io.sightline.fastmon.sampling;

/**
 * One sampled run of time frames of an STF: frames {@code first..last} (0-based, inclusive), with
 * {@code count = last - first + 1}, named as swf names TF samples.
 */
public record TfSample(String tfFilename, int first, int last) {
    public TfSample {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("need 0 <= first <= last, got " + first + ".." + last);
        }
    }

    public int count() {
        return last - first + 1;
    }
}
