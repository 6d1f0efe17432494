package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DNS rebinding: a page of evil.example that makes its name resolve to 127.0.0.1 reaches a server
 * listening on loopback with {@code Host: evil.example}. Such a server answers only to loopback
 * names and to the hosts of configured origins; every other Host gets 421 misdirected_request,
 * on the API, the WebSocket handshake and the static files alike.
 */
class DnsRebindingTest extends ProtocolTestBase {
    private static final String PUBLIC_URL = "https://chat.example.org";
    private static final String ALLOWED = "http://app.example.net:5173";

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.publicUrl(PUBLIC_URL).allowedOrigins(List.of(ALLOWED));   // TestServer listens on 127.0.0.1
    }

    private Response raw(String method, String path, String host, Map<String, String> headers, String body) {
        return RawHttp.exchange(server.port(), method, path, host, headers, body);
    }

    private List<String> foreignHosts() {
        int port = server.port();
        return List.of("evil.example", "evil.example:" + port, "localhost.evil.example:" + port,
                "127.0.0.1.evil.example:" + port, "127.0.0.1.nip.io:" + port, "chat.example.org.evil.example",
                "example.org", "10.0.0.1:" + port, "0.0.0.0:" + port, "[::2]:" + port, "127.0.0.256:" + port);
    }

    @Test
    void a_cookie_write_reached_as_a_foreign_host_from_that_host_gets_421_and_does_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = raw("PUT", "/api/chats/" + bob.id(), "evil.example",
                Map.of("Cookie", alice.cookie(), "Origin", "http://evil.example"), null);
        assertError(r, 421, "misdirected_request");
        r = raw("PUT", "/api/chats/" + bob.id(), "evil.example:" + server.port(),
                Map.of("Cookie", alice.cookie(), "Origin", "http://evil.example:" + server.port()), null);
        assertError(r, 421, "misdirected_request");
        assertThat(api.chats(alice)).isEmpty();
    }

    @Test
    void every_kind_of_request_with_a_foreign_host_gets_421() {
        Session s = api.newUser();
        for (String host : foreignHosts()) {
            assertError(raw("GET", "/", host, Map.of(), null), 421, "misdirected_request");
            assertError(raw("GET", "/js/api.js", host, Map.of(), null), 421, "misdirected_request");
            assertError(raw("GET", "/healthz", host, Map.of(), null), 421, "misdirected_request");
            assertError(raw("GET", "/metrics", host, Map.of(), null), 421, "misdirected_request");
            assertError(raw("GET", "/api/me", host, Map.of("Authorization", "Bearer " + s.token()), null),
                    421, "misdirected_request");
            assertError(raw("POST", "/api/login", host, Map.of(),
                    "{\"username\":\"" + s.username() + "\",\"password\":\"" + app.duet.testing.ApiClient.PASSWORD + "\"}"),
                    421, "misdirected_request");
        }
    }

    @Test
    void a_websocket_handshake_with_a_foreign_host_gets_421() {
        Session s = api.newUser();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        headers.put("Authorization", "Bearer " + s.token());
        assertError(raw("GET", "/ws", "evil.example:" + server.port(), headers, null), 421, "misdirected_request");
        assertThat(raw("GET", "/ws", "localhost:" + server.port(), headers, null).status()).isEqualTo(101);
    }

    @Test
    void loopback_names_with_any_port_are_accepted() {
        int port = server.port();
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "127.0.0.1",
                "localhost", "127.1.2.3:" + port, "[::1]:" + port, "[::1]", "localhost:80")) {
            Response r = raw("GET", "/healthz", host, Map.of(), null);
            assertThat(r.status()).as("%s: %s", host, r).isEqualTo(200);
        }
    }

    @Test
    void the_hosts_of_the_public_url_and_of_allowed_origins_are_accepted() {
        for (String host : List.of("chat.example.org", "chat.example.org:443", "CHAT.Example.org", "app.example.net:5173",
                "app.example.net")) {
            Response r = raw("GET", "/healthz", host, Map.of(), null);
            assertThat(r.status()).as("%s: %s", host, r).isEqualTo(200);
        }
    }

    @Test
    void the_servers_own_origin_through_an_accepted_host_still_works_for_cookie_writes() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        int port = server.port();
        Response r = raw("PUT", "/api/chats/" + bob.id(), "localhost:" + port,
                Map.of("Cookie", alice.cookie(), "Origin", "http://localhost:" + port), null);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }
}
