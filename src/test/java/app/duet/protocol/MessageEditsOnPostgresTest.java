package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.TestServer;

/** Every test of {@link MessageEditsTest}, run again against a server on PostgreSQL. */
class MessageEditsOnPostgresTest extends MessageEditsTest {
    @Override
    protected void configure(DuetConfig.Builder b) {
        super.configure(b);
        TestServer.onPostgres(b);
    }
}
