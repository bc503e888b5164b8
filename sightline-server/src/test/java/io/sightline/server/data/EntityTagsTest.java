package io.sightline.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void ifNoneMatchNamesATagByItselfInAListWeaklyOrByAStar() {
        String tag = "\"abc\"";
        assertThat(EntityTags.matches("\"abc\"", tag)).isTrue();
        assertThat(EntityTags.matches("\"x\", \"abc\"", tag)).isTrue();
        assertThat(EntityTags.matches("W/\"abc\"", tag)).isTrue();
        assertThat(EntityTags.matches("*", tag)).isTrue();

        assertThat(EntityTags.matches(null, tag)).isFalse();
        assertThat(EntityTags.matches("", tag)).isFalse();
        assertThat(EntityTags.matches("\"abcd\"", tag)).isFalse();
        assertThat(EntityTags.matches("abc", tag)).as("unquoted is another tag").isFalse();
    }
}
