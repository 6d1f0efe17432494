package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.TestServer;

/**
 * Every test of {@link SendingTest}, run again against a server on PostgreSQL: the protocol is the
 * same whichever database keeps the messages.
 */
class SendingOnPostgresTest extends SendingTest {
    @Override
    protected void configure(DuetConfig.Builder b) {
        super.configure(b);
        TestServer.onPostgres(b);
    }
}
