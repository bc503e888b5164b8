package io.sightline.fastmon.sampling;

import io.sightline.core.wire.SwfIds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The partition-based sampling of the swf fast-monitoring agent: the STF's {@code tfCount} frames are cut
 * into {@code n} equal partitions and one run of consecutive frames is taken from each, so that the
 * samples cover the whole STF, never overlap and hold about a fraction {@code f} of its frames. Where in
 * its partition each run starts is drawn from a generator seeded by the seed and the STF name: the same
 * seed gives the same samples for the same STF, on every machine and every retry.
 */
public final class PartitionSampler {
    /** swf's default of 7 samples per STF. */
    public static final int DEFAULT_SAMPLES = 7;
    /** About 15 % of the frames, the testbed's figure. */
    public static final double DEFAULT_FRACTION = 0.15;
    /** Frames assumed in an STF whose message and file do not say (the testbed agent's default). */
    public static final int DEFAULT_TF_COUNT = 1000;

    private final int samples;
    private final double fraction;
    private final long seed;

    public PartitionSampler(int samples, double fraction, long seed) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples per STF must be >= 1, got " + samples);
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        this.samples = samples;
        this.fraction = fraction;
        this.seed = seed;
    }

    public int samples() {
        return samples;
    }

    /** The samples of STF {@code stfFilename} holding {@code tfCount} frames (at most one per frame). */
    public List<TfSample> sample(String stfFilename, int tfCount) {
        if (tfCount < 1) {
            throw new IllegalArgumentException("an STF has at least one time frame, got " + tfCount);
        }
        int n = Math.min(samples, tfCount);
        int width = Math.max(1, (int) Math.floor(tfCount * fraction / n));
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ stableHash(stfFilename));
        List<TfSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int start = (int) ((long) i * tfCount / n);
            int end = (int) ((long) (i + 1) * tfCount / n); // exclusive
            int w = Math.min(width, end - start);
            int first = start + random.nextInt(end - start - w + 1);
            out.add(new TfSample(SwfIds.tfFilename(stfFilename, i + 1), first, first + w - 1));
        }
        return out;
    }

    /** 64-bit FNV-1a of the name: the same on every JVM, unlike nothing else we would need to promise. */
    static long stableHash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
