package app.duet.protocol;

import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import app.duet.testing.WsClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only {@code Authorization: Bearer} is Duet's. Another scheme, such as the {@code Basic}
 * credentials a reverse proxy asks the browser for, is left alone and the session cookie decides,
 * Origin check included (a browser adds Basic credentials by itself, so they prove nothing).
 */
class ProxyCredentialsTest extends ProtocolTestBase {
    private static final String BASIC = "Basic ZHVldDpwcm94eS1wYXNzd29yZA==";

    @Test
    void basic_credentials_with_a_valid_cookie_are_authenticated_by_the_cookie() {
        Session s = api.newUser();
        Response r = api.get("/api/me").header("Authorization", BASIC).cookie(s.cookie()).send();
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertUser(r.json(), s);
    }

    @Test
    void other_schemes_fall_back_to_the_cookie_too() {
        Session s = api.newUser();
        for (String header : new String[] {"Digest username=\"duet\", realm=\"proxy\"", "Negotiate YIIB", "Bearerish x"}) {
            Response r = api.get("/api/me").header("Authorization", header).cookie(s.cookie()).send();
            assertThat(r.status()).as("%s: %s", header, r).isEqualTo(200);
        }
    }

    @Test
    void basic_credentials_without_a_cookie_get_401() {
        assertError(api.get("/api/me").header("Authorization", BASIC).send(), 401, "unauthorized");
    }

    @Test
    void a_cookie_write_with_basic_credentials_is_still_checked_for_origin() {
        Pair pair = twoContacts();
        Session alice = pair.alice(), bob = pair.bob();
        String path = "/api/chats/" + bob.id() + "/messages";
        assertError(api.post(path).header("Authorization", BASIC).cookie(alice.cookie()).origin("https://evil.example")
                .json(Map.of("text", "forged")).send(), 403, "bad_origin");
        assertError(api.post(path).header("Authorization", BASIC).cookie(alice.cookie())
                .json(Map.of("text", "forged")).send(), 403, "bad_origin");
        Response r = api.post(path).header("Authorization", BASIC).cookie(alice.cookie()).origin(api.origin())
                .json(Map.of("text", "through the proxy")).send();
        assertThat(r.status()).as("%s", r).isEqualTo(201);
    }

    @Test
    void a_websocket_handshake_with_basic_credentials_and_a_cookie_is_accepted_from_the_own_origin() {
        Session s = api.newUser();
        WsClient c = track(connector().header("Authorization", BASIC).cookie(s.cookie()).origin(api.origin()).open());
        assertUser(c.hello().path("user"), s);
        assertThat(connector().header("Authorization", BASIC).cookie(s.cookie()).origin("https://evil.example").refusal())
                .isEqualTo(403);
    }

    @Test
    void a_wrong_bearer_token_is_not_rescued_by_a_cookie() {
        Session s = api.newUser();
        assertError(api.get("/api/me").bearer("not-a-token").cookie(s.cookie()).send(), 401, "unauthorized");
        assertError(api.get("/api/me").header("Authorization", "bearer").cookie(s.cookie()).send(), 401, "unauthorized");
        assertThat(api.get("/api/me").header("Authorization", "BEARER " + s.token()).send().status()).isEqualTo(200);
    }
}
