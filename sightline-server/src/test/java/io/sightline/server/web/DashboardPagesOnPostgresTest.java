package io.sightline.server.web;

import io.sightline.server.testing.TestDatabase;

/** The same pages over PostgreSQL: the dashboard's grouped counts are SQL that both databases must answer alike. */
class DashboardPagesOnPostgresTest extends DashboardPagesTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
