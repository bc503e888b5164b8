package io.sightline.core.star;

/**
 * Decimal numbers straight from a line's characters, without a substring: the few forms RELION writes
 * ({@code -12.345678}, {@code 1.2e+05}, {@code 42}) take a fast path that is exact (at most 15 significant
 * digits and a power of ten up to 22, so one correctly rounded IEEE operation gives what
 * {@link Double#parseDouble} gives); everything else goes to {@link Double#parseDouble}.
 */
final class StarNumbers {

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    private StarNumbers() {}

    /** The number in {@code s[from, to)}; {@link NumberFormatException} when it is none. */
    static double parseDouble(String s, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        int digits = 0;
        for (; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            digits++;
            if (mantissa != 0 || d != 0) {
                mantissa = mantissa * 10 + d;
                significant++;
            }
        }
        if (i < to && s.charAt(i) == '.') {
            for (i++; i < to; i++) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                digits++;
                exponent--;
                if (mantissa != 0 || d != 0) {
                    mantissa = mantissa * 10 + d;
                    significant++;
                }
            }
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E') && digits > 0) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int e = 0;
            int exponentDigits = 0;
            for (; i < to && exponentDigits < 4; i++, exponentDigits++) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                e = e * 10 + d;
            }
            if (exponentDigits == 0) {
                return slow(s, from, to);
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to || digits == 0 || significant > 15) {
            return slow(s, from, to);
        }
        if (mantissa == 0) {
            return negative ? -0.0 : 0.0;
        }
        double value;
        if (exponent >= 0 && exponent < POWERS_OF_TEN.length) {
            value = mantissa * POWERS_OF_TEN[exponent];
        } else if (exponent < 0 && -exponent < POWERS_OF_TEN.length) {
            value = mantissa / POWERS_OF_TEN[-exponent];
        } else {
            return slow(s, from, to);
        }
        return negative ? -value : value;
    }

    private static double slow(String s, int from, int to) {
        return Double.parseDouble(s.substring(from, to));
    }
}
