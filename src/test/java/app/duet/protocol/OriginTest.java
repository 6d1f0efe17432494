package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §5: cookie-authenticated WebSocket handshakes and POST/PUT/DELETE need the server's
 * own Origin (or a configured one), else 403 bad_origin; bearer-authenticated requests are not checked.
 */
class OriginTest extends ProtocolTestBase {
    private static final String ALLOWED = "https://chat.example.org";
    private static final String FOREIGN = "https://evil.example.com";

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.allowedOrigins(List.of(ALLOWED));
    }

    /** Foreign origins that look close to the server's own one. */
    private List<String> lookalikes() {
        int port = server.port();
        return List.of(FOREIGN, "null", "http://localhost:" + port, "https://127.0.0.1:" + port,
                "http://127.0.0.1:" + (port + 1), "http://127.0.0.1:" + port + ".evil.com",
                "http://127.0.0.1", "https://chat.example.org.evil.com", "http://chat.example.org");
    }

    // ------------------------------------------------------------------ WebSocket handshake

    @Test
    void a_cookie_handshake_without_origin_gets_403() {
        Session s = api.newUser();
        assertThat(connector().cookie(s.cookie()).refusal()).isEqualTo(403);
    }

    @Test
    void a_cookie_handshake_with_a_foreign_origin_gets_403() {
        Session s = api.newUser();
        for (String origin : lookalikes()) {
            assertThat(connector().cookie(s.cookie()).origin(origin).refusal()).as(origin).isEqualTo(403);
        }
    }

    @Test
    void a_cookie_handshake_with_the_servers_own_origin_is_accepted() {
        Session s = api.newUser();
        WsClient c = track(connector().cookie(s.cookie()).origin(api.origin()).open());
        assertUser(c.hello().path("user"), s);
    }

    @Test
    void a_cookie_handshake_with_a_configured_origin_is_accepted() {
        Session s = api.newUser();
        WsClient c = track(connector().cookie(s.cookie()).origin(ALLOWED).open());
        assertUser(c.hello().path("user"), s);
    }

    @Test
    void a_bearer_handshake_is_not_checked_for_origin() {
        Session s = api.newUser();
        track(connector().as(s).open()).hello();
        track(connector().as(s).origin(FOREIGN).open()).hello();
    }

    @Test
    void a_handshake_without_any_token_gets_401_whatever_the_origin() {
        assertThat(connector().origin(api.origin()).refusal()).isEqualTo(401);
    }

    /** A real upgrade request over a raw socket, so that the refusal's status and body can be read. */
    private Response rawHandshake(String cookie, String origin) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        if (cookie != null) headers.put("Cookie", cookie);
        if (origin != null) headers.put("Origin", origin);
        return raw("GET", "/ws", "127.0.0.1:" + server.port(), headers, null);
    }

    private Response raw(String method, String path, String host, java.util.Map<String, String> headers, String body) {
        return app.duet.testing.RawHttp.exchange(server.port(), method, path, host, headers, body);
    }

    @Test
    void a_refused_cookie_handshake_answers_403_bad_origin_in_the_error_body() {
        Session s = api.newUser();
        assertError(rawHandshake(s.cookie(), FOREIGN), 403, "bad_origin");
        assertError(rawHandshake(s.cookie(), null), 403, "bad_origin");
        assertThat(rawHandshake(s.cookie(), api.origin()).status()).isEqualTo(101);
    }

    @Test
    void a_handshake_without_a_token_answers_401_unauthorized_in_the_error_body() {
        assertError(rawHandshake(null, api.origin()), 401, "unauthorized");
    }

    // ------------------------------------------------------------------ state-changing HTTP

    @Test
    void the_own_origin_is_the_host_the_client_reached() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        int port = server.port();
        String body = "{\"text\": \"via localhost\"}";
        String path = "/api/chats/" + bob.id() + "/messages";
        // reached as localhost:PORT, coming from a page of localhost:PORT: same origin
        Response r = raw("POST", path, "localhost:" + port,
                java.util.Map.of("Cookie", alice.cookie(), "Origin", "http://localhost:" + port), body);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        // reached as 127.0.0.1:PORT, coming from a page of localhost:PORT: foreign
        r = raw("POST", path, "127.0.0.1:" + port,
                java.util.Map.of("Cookie", alice.cookie(), "Origin", "http://localhost:" + port), body);
        assertError(r, 403, "bad_origin");
        // the WebSocket handshake likewise
        r = raw("GET", "/ws", "localhost:" + port, java.util.Map.of("Upgrade", "websocket", "Connection", "Upgrade",
                "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "Cookie", alice.cookie(), "Origin", "http://localhost:" + port), null);
        assertThat(r.status()).as("%s", r).isEqualTo(101);
    }

    @Test
    void a_cookie_post_without_origin_gets_403_bad_origin_and_does_nothing() {
        Session a = api.newUser();
        Session b = api.newUser();
        assertError(api.post("/api/contacts").cookie(a.cookie()).json(Map.of("userId", b.id())).send(),
                403, "bad_origin");
        assertThat(api.contactRequests(b).path("incoming")).isEmpty();
    }

    @Test
    void a_cookie_post_with_a_foreign_origin_gets_403_bad_origin_and_does_nothing() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        for (String origin : lookalikes()) {
            Response r = api.post("/api/chats/" + bob.id() + "/messages").cookie(alice.cookie()).origin(origin)
                    .json(Map.of("text", "forged")).send();
            assertThat(r.status()).as("%s: %s", origin, r).isEqualTo(403);
            assertThat(r.errorCode()).as(origin).isEqualTo("bad_origin");
        }
        assertThat(api.chats(bob)).isEmpty();
    }

    @Test
    void cookie_put_and_delete_are_checked_too() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertError(api.put("/api/chats/" + bob.id()).cookie(alice.cookie()).send(), 403, "bad_origin");
        assertError(api.put("/api/chats/" + bob.id()).cookie(alice.cookie()).origin(FOREIGN).send(),
                403, "bad_origin");
        assertThat(api.chats(alice)).isEmpty();
        assertError(api.delete("/api/contacts/" + bob.id()).cookie(alice.cookie()).origin(FOREIGN).send(),
                403, "bad_origin");
        assertThat(api.contacts(alice)).hasSize(1);
        api.send(alice, bob.id(), "hi");
        assertError(api.delete("/api/chats/" + bob.id()).cookie(alice.cookie()).send(), 403, "bad_origin");
        assertThat(api.chats(alice)).hasSize(1);
    }

    @Test
    void a_cookie_logout_with_a_foreign_origin_is_refused_and_the_session_survives() {
        Session s = api.newUser();
        assertError(api.post("/api/logout").cookie(s.cookie()).origin(FOREIGN).send(), 403, "bad_origin");
        assertError(api.post("/api/logout").cookie(s.cookie()).send(), 403, "bad_origin");
        assertThat(api.get("/api/me").cookie(s.cookie()).send().status()).isEqualTo(200);
    }

    @Test
    void a_cookie_read_mark_with_a_foreign_origin_is_refused() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        api.send(alice, bob.id(), "hi");
        assertError(api.post("/api/chats/" + alice.id() + "/read").cookie(bob.cookie()).origin(FOREIGN)
                .json(Map.of("upTo", 1)).send(), 403, "bad_origin");
        assertThat(api.chatWith(bob, alice.id()).path("unread").asInt()).isEqualTo(1);
    }

    @Test
    void cookie_writes_with_the_servers_own_origin_are_accepted() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.post("/api/chats/" + bob.id() + "/messages").cookie(alice.cookie()).origin(api.origin())
                .json(Map.of("text", "same origin")).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        r = api.put("/api/chats/" + bob.id()).cookie(alice.cookie()).origin(api.origin()).send();
        assertThat(r.status()).isEqualTo(200);
        r = api.post("/api/chats/" + alice.id() + "/read").cookie(bob.cookie()).origin(api.origin())
                .json(Map.of("upTo", 1)).send();
        assertThat(r.status()).isEqualTo(204);
    }

    @Test
    void cookie_writes_with_a_configured_origin_are_accepted() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        Response r = api.post("/api/chats/" + bob.id() + "/messages").cookie(alice.cookie()).origin(ALLOWED)
                .json(Map.of("text", "allowed origin")).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void bearer_writes_are_not_checked_for_origin() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        assertThat(api.post("/api/chats/" + bob.id() + "/messages").as(alice).origin(FOREIGN)
                .json(Map.of("text", "bearer, foreign origin")).send().status()).isEqualTo(201);
        assertThat(api.post("/api/chats/" + bob.id() + "/messages").as(alice)
                .json(Map.of("text", "bearer, no origin")).send().status()).isEqualTo(201);
        assertThat(api.put("/api/chats/" + bob.id()).as(alice).origin(FOREIGN).send().status()).isEqualTo(200);
        assertThat(api.post("/api/logout").as(alice).origin(FOREIGN).send().status()).isEqualTo(204);
    }

    @Test
    void cookie_reads_are_not_checked_for_origin() {
        Session s = api.newUser();
        assertThat(api.get("/api/me").cookie(s.cookie()).origin(FOREIGN).send().status()).isEqualTo(200);
        assertThat(api.get("/api/chats").cookie(s.cookie()).send().status()).isEqualTo(200);
    }

    @Test
    void register_and_login_are_not_cookie_authenticated_and_work_without_origin() {
        Session s = api.newUser();
        assertThat(api.loginRaw(s.username(), app.duet.testing.ApiClient.PASSWORD).status()).isEqualTo(200);
    }
}
