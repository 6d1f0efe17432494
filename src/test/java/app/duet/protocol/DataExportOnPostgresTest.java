package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.TestServer;

/** Every test of {@link DataExportTest} again on PostgreSQL, where the files' bytes are read from the database. */
class DataExportOnPostgresTest extends DataExportTest {
    @Override
    protected void configure(DuetConfig.Builder b) {
        super.configure(b);
        TestServer.onPostgres(b);
    }
}
