package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.TestServer;

/** Every test of {@link FilesTest} again on PostgreSQL, where the bytes live in the database (shared by every node). */
class FilesOnPostgresTest extends FilesTest {
    @Override
    protected void configure(DuetConfig.Builder b) {
        super.configure(b);
        TestServer.onPostgres(b);
    }

    @Override
    protected boolean blobsOnDisk() {
        return false;
    }
}
