package io.sightline.server.web;

import io.sightline.server.testing.TestDatabase;

/** The map features over PostgreSQL: the pages read squares, holes, predictions and fast-monitoring rows there. */
class DashboardMapsOnPostgresTest extends DashboardMapsTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
