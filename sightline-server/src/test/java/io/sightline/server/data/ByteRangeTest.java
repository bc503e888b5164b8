package io.sightline.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void readsTheThreeFormsOfASingleRange() {
        assertThat(ByteRange.of("bytes=0-9", 100)).isEqualTo(new ByteRange.Part(0, 9));
        assertThat(ByteRange.of("bytes=90-", 100)).isEqualTo(new ByteRange.Part(90, 99));
        assertThat(ByteRange.of("bytes=-10", 100)).isEqualTo(new ByteRange.Part(90, 99));
        assertThat(ByteRange.of("bytes=50-500", 100)).isEqualTo(new ByteRange.Part(50, 99));
        assertThat(ByteRange.of("bytes=-500", 100)).isEqualTo(new ByteRange.Part(0, 99));
    }

    @Test
    void aRangeStartingAtOrPastTheEndIsUnsatisfiable() {
        assertThat(ByteRange.of("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void whatItDoesNotUnderstandItIgnores() {
        for (String header : new String[] {
            null, "", "bytes=", "bytes=a-b", "bytes=9-1", "items=0-1", "bytes=0-1,5-6", "bytes=99999999999999999999-"
        }) {
            assertThat(ByteRange.of(header, 100)).as(String.valueOf(header)).isInstanceOf(ByteRange.Whole.class);
        }
    }
}
