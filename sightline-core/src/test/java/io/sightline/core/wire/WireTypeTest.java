package io.sightline.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each wire type reads JSON into its Java type and refuses, with pydantic's error type, what will not fit. */
class WireTypeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static Object value(WireType type, String json) {
        Reading reading = type.read(json(json));
        assertThat(reading).as(json).isInstanceOf(Reading.Value.class);
        return ((Reading.Value) reading).value();
    }

    private static Violation refused(WireType type, String json) {
        Reading reading = type.read(json(json));
        assertThat(reading).as(json).isInstanceOf(Reading.Refused.class);
        return ((Reading.Refused) reading).violation();
    }

    @Test
    void textUpToItsLengthIsTakenOneMoreIsTooLong() {
        WireType text = new WireType.Text(200, List.of());
        assertThat(value(text, "\"" + "x".repeat(200) + "\"")).isEqualTo("x".repeat(200));
        Violation tooLong = refused(text, "\"" + "x".repeat(201) + "\"");
        assertThat(tooLong.type()).isEqualTo("string_too_long");
        assertThat(tooLong.message()).contains("200", "201");
    }

    @Test
    void nulCharactersAreRefusedAnywhereInText() {
        WireType text = new WireType.Text(200, List.of());
        assertThat(refused(text, "\"a\\u0000b\"").type()).isEqualTo("string_nul");
        assertThat(refused(text, "\"\\u0000\"").type()).isEqualTo("string_nul");
        assertThat(refused(text, "3").type()).isEqualTo("string_type");
    }

    @Test
    void enumeratedTextTakesOnlyItsValues() {
        WireType status = FieldSpec.oneOf("none", "ctf completed").type();
        assertThat(value(status, "\"ctf completed\"")).isEqualTo("ctf completed");
        Violation other = refused(status, "\"exploded\"");
        assertThat(other.type()).isEqualTo("enum");
        assertThat(other.message()).contains("none", "ctf completed");
    }

    @Test
    void fitShortensAndCleansWhatIsBetterKeptThanLost() {
        WireType.Text text = new WireType.Text(10, List.of());
        assertThat(text.fit("short")).isEqualTo("short");
        assertThat(text.fit("a\0b")).isEqualTo("a\uFFFDb");
        String fitted = text.fit("x".repeat(50));
        assertThat(fitted).hasSize(10).endsWith("…");
        assertThat(text.check(fitted)).isEmpty();
    }

    @Test
    void idsAreKeptExactlyAsSentWhenShortAndPathSafe() {
        WireType id = new WireType.Uuid();
        // a UUID in any case, SmartEM's 22-character URL-safe base64 ids, other short labels
        assertThat(value(id, "\"4A1B7F3E-0000-4000-8000-000000000001\""))
                .isEqualTo("4A1B7F3E-0000-4000-8000-000000000001");
        assertThat(value(id, "\"NghovOApSWWll4OdLR97lQ\"")).isEqualTo("NghovOApSWWll4OdLR97lQ");
        assertThat(value(id, "\"-_aZ09.~\"")).isEqualTo("-_aZ09.~");
        assertThat(value(id, "\"" + "a".repeat(36) + "\"")).isEqualTo("a".repeat(36));

        assertThat(refused(id, "\"" + "a".repeat(37) + "\"").type()).isEqualTo("string_too_long");
        assertThat(refused(id, "\"\"").type()).isEqualTo("string_too_short");
        for (String unsafe : List.of("a/b", "a\\\\b", "a b", "a%2Fb", "a?b", "a#b", "ä", "a\\u0000b")) {
            assertThat(refused(id, "\"" + unsafe + "\"").type()).as(unsafe).isEqualTo("string_pattern_mismatch");
        }
        assertThat(refused(id, "\"..\"").type()).isEqualTo("string_pattern_mismatch");
        assertThat(refused(id, "17").type()).isEqualTo("string_type");
        assertThat(new WireType.Uuid().check("NghovOApSWWll4OdLR97lQ")).isEmpty();
        assertThat(new WireType.Uuid().check("a/b")).isPresent();
    }

    @Test
    void wholeNumbersOutsideTheirRangeAreRefusedHoweverWritten() {
        WireType bigint = FieldSpec.whole().type();
        assertThat(value(bigint, "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(value(bigint, "3.0")).isEqualTo(3L);
        assertThat(refused(bigint, "9223372036854775808").type()).isEqualTo("less_than_equal");
        assertThat(refused(bigint, "-9223372036854775809").type()).isEqualTo("greater_than_equal");
        assertThat(refused(bigint, "1e308").type()).isEqualTo("less_than_equal");
        assertThat(refused(bigint, "-1e308").type()).isEqualTo("greater_than_equal");
        assertThat(refused(bigint, "3.5").type()).isEqualTo("int_type");
        assertThat(refused(bigint, "\"3\"").type()).isEqualTo("int_type");
        WireType retries = FieldSpec.whole(0, 1000).type();
        assertThat(refused(retries, "1001").message()).isEqualTo("must be at most 1000");
        assertThat(refused(retries, "-1").message()).isEqualTo("must be at least 0");
    }

    @Test
    void realNumbersMustBeFiniteAndWithinTheirRange() {
        WireType any = FieldSpec.real().type();
        assertThat(value(any, "1e308")).isEqualTo(1e308);
        assertThat(value(any, "-2.5")).isEqualTo(-2.5);
        assertThat(refused(any, "1e400").type()).isEqualTo("finite_number");
        assertThat(refused(any, "\"1\"").type()).isEqualTo("float_type");
        WireType ttl = InstructionField.EXPIRES_IN_SECONDS.spec().type();
        assertThat(refused(ttl, "9223372036854775808").type()).isEqualTo("less_than_equal");
        assertThat(refused(ttl, "1e308").type()).isEqualTo("less_than_equal");
        assertThat(refused(ttl, "0").type()).isEqualTo("greater_than_equal");
        assertThat(value(ttl, "30")).isEqualTo(30.0);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0000-01-01T00:00:00Z",
                "-999999999-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z",
                "9999-12-31T23:00:00-05:00",
                "0001-01-01T00:30:00+01:00"
            })
    void timesOutsideYearsOneToNineThousandNineHundredNinetyNineAreRefused(String time) {
        Violation violation = refused(WireType.Time.STORABLE, "\"" + time + "\"");
        assertThat(violation.type()).isIn("greater_than_equal", "less_than_equal");
    }

    @Test
    void timesAreReadWithOrWithoutAnOffsetToMicroseconds() {
        WireType time = WireType.Time.STORABLE;
        assertThat(value(time, "\"2024-05-01T10:00:00.1234567+02:00\""))
                .isEqualTo(Instant.parse("2024-05-01T08:00:00.123456Z"));
        assertThat(value(time, "\"2024-05-01T10:00:00\"")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(value(time, "\"0001-01-01T00:00:00Z\"")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(value(time, "\"9999-12-31T23:59:59.999999Z\""))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
        assertThat(refused(time, "\"yesterday\"").type()).isEqualTo("datetime_parsing");
        assertThat(refused(time, "1714550400").type()).isEqualTo("datetime_parsing");
    }

    @Test
    void jsonObjectsAreKeptAsTextAndBoundedByItsLength() {
        WireType object = new WireType.JsonObject(20);
        assertThat(value(object, "{\"a\": 1}")).isEqualTo("{\"a\":1}");
        assertThat(value(object, "{\"a\": \"\\u0000\"}")).isEqualTo("{\"a\":\"\\u0000\"}");
        assertThat(refused(object, "[1]").type()).isEqualTo("dict_type");
        assertThat(refused(object, "{\"a\": \"" + "x".repeat(30) + "\"}").type())
                .isEqualTo("string_too_long");
    }

    @Test
    void checkTellsTypedValuesThatDoNotFit() {
        assertThat(FieldSpec.id().check("x".repeat(201))).isPresent();
        assertThat(FieldSpec.id().check("Falcon 4i")).isEmpty();
        assertThat(FieldSpec.whole().check(3))
                .hasValueSatisfying(v -> assertThat(v.type()).isEqualTo("int_type"));
        assertThat(FieldSpec.real().check(Double.NaN)).isPresent();
        assertThat(FieldSpec.time().check(Instant.parse("+10000-01-01T00:00:00Z")))
                .isPresent();
        assertThat(FieldSpec.flag().check("true")).isPresent();
    }

    @Test
    void aNullValueReadsAsNullForEveryField() {
        assertThat(FieldSpec.id().read(json("null"))).isEqualTo(new Reading.Value(null));
        assertThat(FieldSpec.time().read(null)).isEqualTo(new Reading.Value(null));
    }
}
