package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §5: "The server pings idle connections and closes those that stay silent too long." */
class KeepAliveTest extends ProtocolTestBase {
    private static final Duration PING = Duration.ofMillis(300);
    private static final Duration IDLE = Duration.ofMillis(2000);

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.pingInterval(PING).idleTimeout(IDLE);
    }

    @Test
    void a_client_that_answers_pings_stays_connected_while_idle() throws InterruptedException {
        Session s = api.newUser();
        WsClient c = ws(s); // java.net.http answers WebSocket pings with pongs by itself
        Thread.sleep(IDLE.toMillis() * 2);
        assertThat(c.pingsReceived()).as("WebSocket pings from the server").isPositive();
        assertThat(c.isClosed()).as("closed: %s", c.isClosed() ? c.awaitClose(Duration.ZERO) : null).isFalse();
        c.barrier();
    }

    @Test
    void a_silent_client_is_closed_and_goes_offline() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        WsClient watcher = ws(bob);
        track(connector().as(alice).paused().open()); // reads nothing, so never answers a ping
        watcher.await("presence", j -> j.path("user").asLong() == alice.id() && j.path("online").asBoolean());
        watcher.await("presence", j -> j.path("user").asLong() == alice.id() && !j.path("online").asBoolean(),
                Duration.ofSeconds(10));
    }
}
