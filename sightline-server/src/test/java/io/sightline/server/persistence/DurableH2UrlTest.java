package io.sightline.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every H2 database the server opens commits to its file before answering and outlives H2's exit hook. */
class DurableH2UrlTest {

    @Test
    void anH2UrlGetsNoWriteDelayAndNoCloseOnExit() {
        assertThat(Database.durableH2("jdbc:h2:file:/data/sightline;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/data/sightline;MODE=PostgreSQL;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void settingsTheUrlGivesItselfAreKept() {
        assertThat(Database.durableH2("jdbc:h2:file:/data/s;write_delay=500;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:file:/data/s;write_delay=500;DB_CLOSE_ON_EXIT=TRUE");
    }
}
