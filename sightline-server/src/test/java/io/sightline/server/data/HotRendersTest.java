package io.sightline.server.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HotRendersTest {

    @Test
    void keepsItsBoundByDroppingTheLeastRecentlyUsed() {
        HotRenders hot = new HotRenders(250);
        hot.put("a", new byte[100]);
        hot.put("b", new byte[100]);
        assertThat(hot.get("a")).isPresent(); // a is now the most recent

        hot.put("c", new byte[100]);

        assertThat(hot.get("b")).as("least recently used").isEmpty();
        assertThat(hot.get("a")).isPresent();
        assertThat(hot.get("c")).isPresent();
        assertThat(hot.totalBytes()).isEqualTo(200);
        assertThat(hot.evictions()).isEqualTo(1);
    }

    @Test
    void aRenderLargerThanTheBoundIsNotKeptAndDisplacesNothing() {
        HotRenders hot = new HotRenders(250);
        hot.put("a", new byte[100]);

        hot.put("huge", new byte[300]);

        assertThat(hot.get("huge")).isEmpty();
        assertThat(hot.get("a")).isPresent();
        assertThat(hot.totalBytes()).isEqualTo(100);
    }

    @Test
    void puttingAKeyAgainCountsOnlyItsNewBytes() {
        HotRenders hot = new HotRenders(250);
        hot.put("a", new byte[100]);

        hot.put("a", new byte[150]);

        assertThat(hot.size()).isEqualTo(1);
        assertThat(hot.totalBytes()).isEqualTo(150);
        assertThat(hot.get("a")).hasValueSatisfying(b -> assertThat(b).hasSize(150));
    }
}
