package io.sightline.core.testing;

import java.util.Arrays;

/** Damage for fuzz tests: a real file cut short, or a run of its bytes overwritten. */
public final class Corruption {
    private Corruption() {}

    /**
     * {@code bytes} cut at {@code at} (modulo its length) when {@code truncate}, else with {@code run} bytes
     * from there set to {@code value}; {@code bytes} itself is left alone.
     */
    public static byte[] of(byte[] bytes, int at, byte value, int run, boolean truncate) {
        int start = at % bytes.length;
        if (truncate) {
            return Arrays.copyOf(bytes, start);
        }
        byte[] damaged = bytes.clone();
        Arrays.fill(damaged, start, Math.min(damaged.length, start + run), value);
        return damaged;
    }
}
