package io.sightline.simulate.epu;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Numbers and times written the way .NET writes them in EPU files. */
final class NetFormat {

    private static final DateTimeFormatter DATE_TIME_7 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private NetFormat() {}

    /**
     * Round-trip double as .NET prints it: plain between 1E-04 and 1E+16 ({@code 0.00056196772493422031} style,
     * {@code 165000}), otherwise scientific with a signed two-digit exponent ({@code 9.2991027587200039E-05},
     * {@code 1.4557753315079335E+21}).
     */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = Double.toString(value);
        int e = text.indexOf('E');
        if (e < 0) {
            return text;
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-4 && magnitude < 1e16) {
            return new java.math.BigDecimal(text).toPlainString();
        }
        String mantissa = text.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        int exponent = Integer.parseInt(text.substring(e + 1));
        String digits = Integer.toString(Math.abs(exponent));
        return mantissa + "E" + (exponent < 0 ? "-" : "+") + (digits.length() < 2 ? "0" + digits : digits);
    }

    /** A pixel coordinate with at most three decimals: {@code 1396}, {@code 1414.766}. */
    static String pixel(double value) {
        long scaled = Math.round(value * 1000d);
        StringBuilder text = new StringBuilder(12);
        if (scaled < 0) {
            text.append('-');
            scaled = -scaled;
        }
        text.append(scaled / 1000);
        int fraction = (int) (scaled % 1000);
        if (fraction != 0) {
            text.append('.');
            if (fraction < 100) {
                text.append('0');
            }
            if (fraction < 10) {
                text.append('0');
            }
            int end = text.length();
            text.append(fraction);
            while (text.charAt(text.length() - 1) == '0' && text.length() > end) {
                text.setLength(text.length() - 1);
            }
        }
        return text.toString();
    }

    /** {@code 2025-01-08T15:49:21.1049704+00:00} (manifests). */
    static String offsetTime(Instant time) {
        return DATE_TIME_7.format(time) + "+00:00";
    }

    /** {@code 2025-01-08T15:10:39.4807272Z} (session files). */
    static String utcTime(Instant time) {
        return DATE_TIME_7.format(time) + "Z";
    }

    /** {@code 20250108_154918}, the stamp EPU puts into image file names. */
    static String fileStamp(Instant time) {
        return FILE_STAMP.format(time);
    }
}
