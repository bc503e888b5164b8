package io.sightline.server.testing;

import io.sightline.core.wire.WireType;
import java.util.ArrayList;
import java.util.List;

/**
 * Values a field of each wire type must refuse, as raw JSON: one past each limit of its declaration
 * (length, range, allowed values, storable years) and what the databases cannot store at all (NUL, years
 * 0 and 10000, numbers beyond a {@code BIGINT} or a double).
 */
public final class BadValues {
    private BadValues() {}

    /** One bad value: what is wrong with it and the JSON that carries it. */
    public record Bad(String what, String json) {
        @Override
        public String toString() {
            return what;
        }
    }

    public static List<Bad> of(WireType type) {
        List<Bad> bad = new ArrayList<>();
        switch (type) {
            case WireType.Text text
            when !text.allowed().isEmpty() -> {
                bad.add(new Bad("not one of its values", "\"exploded\""));
                bad.add(new Bad("a NUL character", "\"" + text.allowed().getFirst() + "\\u0000\""));
            }
            case WireType.Text text -> {
                bad.add(new Bad(
                        "one character over " + text.maxLength(), "\"" + "x".repeat(text.maxLength() + 1) + "\""));
                bad.add(new Bad("a NUL character", "\"a\\u0000b\""));
            }
            case WireType.Uuid uuid -> {
                bad.add(new Bad("37 characters", "\"" + "x".repeat(WireType.Uuid.MAX_LENGTH + 1) + "\""));
                bad.add(new Bad("a path separator", "\"a/b\""));
            }
            case WireType.Whole whole -> {
                bad.add(new Bad("2^63", "9223372036854775808"));
                bad.add(new Bad("1e308", "1e308"));
                if (whole.max() < Long.MAX_VALUE) {
                    bad.add(new Bad("one over its maximum", Long.toString(whole.max() + 1)));
                }
                if (whole.min() > Long.MIN_VALUE) {
                    bad.add(new Bad("one under its minimum", Long.toString(whole.min() - 1)));
                }
            }
            case WireType.Real real -> {
                bad.add(new Bad("1e400 (not finite)", "1e400"));
                if (real.max() < Double.MAX_VALUE) {
                    bad.add(new Bad("1e308", "1e308"));
                    bad.add(new Bad("2^63", "9223372036854775808"));
                }
                if (real.min() > -Double.MAX_VALUE) {
                    bad.add(new Bad("under its minimum", real.min() > 0 ? "0" : "-1e308"));
                }
            }
            case WireType.Flag flag -> bad.add(new Bad("a string", "\"yes\""));
            case WireType.Time time -> {
                bad.add(new Bad("year 0000", "\"0000-01-01T00:00:00Z\""));
                bad.add(new Bad("year -999999999", "\"-999999999-01-01T00:00:00Z\""));
                bad.add(new Bad("year 10000", "\"+10000-01-01T00:00:00Z\""));
                bad.add(new Bad("year 10000 in UTC", "\"9999-12-31T23:00:00-05:00\""));
            }
            case WireType.JsonObject object -> {
                bad.add(new Bad("a list", "[1]"));
                bad.add(new Bad(
                        "over " + object.maxLength() + " characters",
                        "{\"a\":\"" + "x".repeat(object.maxLength()) + "\"}"));
            }
        }
        return bad;
    }

    /** A value the field takes, as JSON. */
    public static String good(WireType type) {
        return switch (type) {
            case WireType.Text text
            when !text.allowed().isEmpty() -> "\"" + text.allowed().getFirst() + "\"";
            case WireType.Text text -> "\"1\"";
            case WireType.Uuid uuid -> "\"" + java.util.UUID.randomUUID() + "\"";
            case WireType.Whole whole -> Long.toString(Math.max(whole.min(), Math.min(whole.max(), 1)));
            case WireType.Real real -> Double.toString(Math.max(real.min(), Math.min(real.max(), 1.5)));
            case WireType.Flag flag -> "true";
            case WireType.Time time -> "\"2024-01-01T00:00:00Z\"";
            case WireType.JsonObject object -> "{}";
        };
    }
}
