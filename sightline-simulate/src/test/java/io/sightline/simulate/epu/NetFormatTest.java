package io.sightline.simulate.epu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NetFormatTest {

    @Test
    void numbersLookLikeDotNetRoundTripOutput() {
        assertThat(NetFormat.number(165000)).isEqualTo("165000");
        assertThat(NetFormat.number(0)).isEqualTo("0");
        assertThat(NetFormat.number(-2.7E-06)).isEqualTo("-2.7E-06");
        assertThat(NetFormat.number(9.2991027587200039E-05)).isEqualTo("9.299102758720004E-05");
        assertThat(NetFormat.number(-0.00056196772493422031)).isEqualTo("-0.0005619677249342203");
        assertThat(NetFormat.number(1.4557753315079335E+21)).isEqualTo("1.4557753315079335E+21");
        assertThat(NetFormat.number(0.89)).isEqualTo("0.89");
        assertThat(Double.parseDouble(NetFormat.number(1.0558814239614023E-10))).isEqualTo(1.0558814239614023E-10);
    }

    @Test
    void pixelsKeepAtMostThreeDecimals() {
        assertThat(NetFormat.pixel(1396)).isEqualTo("1396");
        assertThat(NetFormat.pixel(1414.76611)).isEqualTo("1414.766");
        assertThat(NetFormat.pixel(1164.5)).isEqualTo("1164.5");
        assertThat(NetFormat.pixel(-0.05)).isEqualTo("-0.05");
        assertThat(NetFormat.pixel(2.007)).isEqualTo("2.007");
    }

    @Test
    void timesCarrySevenFractionDigits() {
        Instant time = Instant.parse("2025-01-08T15:49:21.1049704Z");
        assertThat(NetFormat.offsetTime(time)).isEqualTo("2025-01-08T15:49:21.1049704+00:00");
        assertThat(NetFormat.utcTime(time)).isEqualTo("2025-01-08T15:49:21.1049704Z");
        assertThat(NetFormat.fileStamp(time)).isEqualTo("20250108_154921");
    }
}
