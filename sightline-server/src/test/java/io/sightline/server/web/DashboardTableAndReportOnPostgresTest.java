package io.sightline.server.web;

import io.sightline.server.testing.TestDatabase;

/** The table data and the report over PostgreSQL: the same rows and figures as on H2. */
class DashboardTableAndReportOnPostgresTest extends DashboardTableAndReportTest {
    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
