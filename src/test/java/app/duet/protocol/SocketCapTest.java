package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.RawHttp;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §2.1: a user may hold a bounded number of WebSockets at once on a node
 * ({@code maxSocketsPerUser}, 16 by default); a handshake beyond it gets
 * {@code 429 too_many_connections} and no upgrade.
 */
class SocketCapTest extends ProtocolTestBase {
    private static final int CAP = DuetConfig.DEFAULTS.maxSocketsPerUser();

    private Response handshake(Session s) {
        return RawHttp.exchange(server.port(), "GET", "/ws", "127.0.0.1:" + server.port(), Map.of(
                "Authorization", "Bearer " + s.token(),
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version", "13"), null);
    }

    @Test
    void the_seventeenth_socket_of_a_user_is_refused_with_429_too_many_connections() {
        Session a = api.newUser();
        for (int i = 0; i < CAP; i++) ws(a);

        assertError(handshake(a), 429, "too_many_connections");
        assertThat(connector().as(a).refusal()).isEqualTo(429);
    }

    @Test
    void the_cap_is_per_user_and_a_closed_socket_frees_its_place() {
        Session a = api.newUser(), b = api.newUser();
        List<WsClient> open = new ArrayList<>();
        for (int i = 0; i < CAP; i++) open.add(ws(a));
        ws(b); // another user is not affected

        open.getFirst().close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> { ws(a); return true; });
        assertThat(connector().as(a).refusal()).isEqualTo(429);
    }

    @Test
    void many_handshakes_at_once_never_give_a_user_more_sockets_than_the_cap() {
        Session a = api.newUser();
        List<WsClient> opened = concurrently(3 * CAP, i -> {
            try {
                WsClient c = track(connector().as(a).open());
                c.await("hello", j -> true, Duration.ofSeconds(5));
                return c;
            } catch (WsClient.HandshakeRefused | AssertionError refused) {
                return null;
            }
        });
        long live = opened.stream().filter(c -> c != null && !c.isClosed()).count();
        assertThat(live).as("sockets that stayed open").isBetween(1L, (long) CAP);
        assertThat(connector().as(a).refusal()).isEqualTo(429);
    }
}
