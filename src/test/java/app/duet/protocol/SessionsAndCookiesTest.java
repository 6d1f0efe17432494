package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md §2 and §5: the duet_session cookie, token revocation, WebSocket authentication. */
class SessionsAndCookiesTest extends ProtocolTestBase {

    private static List<String> attributes(String setCookie) {
        return Arrays.stream(setCookie.split(";")).skip(1).map(String::trim)
                .map(a -> a.toLowerCase(Locale.ROOT)).toList();
    }

    private static void assertSessionCookie(Response r) {
        String setCookie = r.setCookie("duet_session").orElseThrow(
                () -> new AssertionError("no duet_session cookie in " + r.setCookies()));
        assertThat(setCookie.split(";", 2)[0].trim()).as("cookie value").matches("duet_session=.+");
        assertThat(attributes(setCookie)).as(setCookie).contains("httponly", "samesite=strict", "path=/");
    }

    @Test
    void register_sets_the_duet_session_cookie_httponly_samesite_strict_path_root() {
        Response r = api.registerRaw(uniqueUsername("ck"), PASSWORD, null);
        assertThat(r.status()).isEqualTo(201);
        assertSessionCookie(r);
    }

    @Test
    void login_sets_the_duet_session_cookie_httponly_samesite_strict_path_root() {
        Session s = api.newUser();
        Response r = api.loginRaw(s.username(), PASSWORD);
        assertThat(r.status()).isEqualTo(200);
        assertSessionCookie(r);
    }

    @Test
    void over_plain_http_without_an_https_public_url_the_cookie_is_not_marked_secure() {
        Response r = api.registerRaw(uniqueUsername("plain"), PASSWORD, null);
        assertThat(attributes(r.setCookie("duet_session").orElseThrow())).doesNotContain("secure");
    }

    @Test
    void a_failed_login_sets_no_session_cookie() {
        Session s = api.newUser();
        Response r = api.loginRaw(s.username(), "wrong password");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.setCookie("duet_session").filter(c -> !c.startsWith("duet_session=;")
                && !c.toLowerCase(Locale.ROOT).contains("max-age=0"))).isEmpty();
    }

    @Test
    void the_cookie_authenticates_reads_without_an_origin() {
        Session s = api.newUser();
        Response r = api.get("/api/me").cookie(s.cookie()).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertUser(r.json(), s);
        assertThat(api.get("/api/chats").cookie(s.cookie()).send().status()).isEqualTo(200);
    }

    @Test
    void the_cookie_is_found_among_other_cookies() {
        Session s = api.newUser();
        Response r = api.get("/api/me").cookie("theme=dark; " + s.cookie() + "; lang=en").send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertUser(r.json(), s);
        WsClient c = track(connector().cookie("a=1; " + s.cookie() + "; b=2").origin(api.origin()).open());
        assertUser(c.hello().path("user"), s);
    }

    @Test
    void the_cookie_from_login_authenticates_too() {
        Session s = api.newUser();
        Session device = api.anotherDevice(s);
        assertThat(device.cookie()).isNotNull();
        assertUser(api.get("/api/me").cookie(device.cookie()).send().expect(200).json(), s);
    }

    @Test
    void a_websocket_handshake_without_a_valid_token_gets_401() {
        assertThat(connector().refusal()).isEqualTo(401);
        assertThat(connector().bearer("no-such-token").refusal()).isEqualTo(401);
        assertThat(connector().cookie("duet_session=no-such-token").origin(api.origin()).refusal()).isEqualTo(401);
    }

    @Test
    void the_websocket_handshake_accepts_the_bearer_token() {
        Session s = api.newUser("Socket User");
        WsClient c = track(connector().as(s).open());
        var hello = c.hello();
        assertUser(hello.path("user"), s);
    }

    @Test
    void the_websocket_handshake_accepts_the_cookie_with_the_servers_own_origin() {
        Session s = api.newUser();
        WsClient c = track(connector().cookie(s.cookie()).origin(api.origin()).open());
        assertUser(c.hello().path("user"), s);
    }

    @Test
    void logout_closes_open_sockets_of_that_token_with_4401() {
        Session s = api.newUser();
        WsClient first = ws(s);
        WsClient second = ws(s);
        api.logout(s).expect(204);
        WsClient.Closed c1 = first.awaitClose(Duration.ofSeconds(5));
        WsClient.Closed c2 = second.awaitClose(Duration.ofSeconds(5));
        assertThat(c1.code()).as("%s", c1).isEqualTo(4401);
        assertThat(c2.code()).as("%s", c2).isEqualTo(4401);
    }

    @Test
    void logout_leaves_sockets_of_the_users_other_tokens_open() {
        Session s = api.newUser();
        Session device = api.anotherDevice(s);
        WsClient mine = ws(s);
        WsClient other = ws(device);
        api.logout(s).expect(204);
        assertThat(mine.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
        other.barrier(); // still answers a ping
        assertThat(other.isClosed()).isFalse();
    }

    @Test
    void logout_by_cookie_revokes_the_cookie_and_closes_its_sockets_with_4401() {
        Session s = api.newUser();
        WsClient c = track(connector().cookie(s.cookie()).origin(api.origin()).open());
        c.hello();
        Response r = api.post("/api/logout").cookie(s.cookie()).origin(api.origin()).send();
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        assertError(api.get("/api/me").cookie(s.cookie()).send(), 401, "unauthorized");
        assertThat(c.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(4401);
    }

    @Test
    void a_socket_opened_while_its_token_is_being_revoked_does_not_stay_open() {
        Session s = api.newUser();
        int survivors = 0;
        for (int i = 0; i < 80 && survivors == 0; i++) {
            Session device = api.anotherDevice(s);
            List<Object> results = concurrently(2, k -> {
                if (k == 1) return api.logout(device);
                try {
                    return track(connector().as(device).open());
                } catch (WsClient.HandshakeRefused refused) {
                    return refused;
                }
            });
            if (results.get(0) instanceof WsClient c) {
                try {
                    WsClient.Closed closed = c.awaitClose(Duration.ofSeconds(2));
                    assertThat(closed.code()).as("%s", closed).isEqualTo(4401);
                } catch (AssertionError stillOpen) {
                    survivors++;
                }
            } else {
                assertThat(((WsClient.HandshakeRefused) results.get(0)).status).isEqualTo(401);
            }
        }
        assertThat(survivors).as("sockets still open on a revoked token").isZero();
    }

    @Test
    void a_revoked_token_can_no_longer_open_a_websocket() {
        Session s = api.newUser();
        api.logout(s).expect(204);
        assertThat(connector().as(s).refusal()).isEqualTo(401);
    }
}
