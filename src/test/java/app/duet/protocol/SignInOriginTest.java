package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §2.1, login CSRF: register and login from a page of another origin (an Origin header
 * that is present and neither the server's own, nor allowed, nor the public URL's) get 403 bad_origin,
 * so no site can sign a visitor into the attacker's account. Without an Origin (curl, bots) they work.
 */
class SignInOriginTest extends ProtocolTestBase {
    private static final String ALLOWED = "http://app.example.net:5173";
    private static final String PUBLIC_URL = "https://chat.example.org";
    private static final String FOREIGN = "https://evil.example.com";

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.allowedOrigins(List.of(ALLOWED)).publicUrl(PUBLIC_URL);
    }

    private List<String> foreignOrigins() {
        int port = server.port();
        return List.of(FOREIGN, "null", "http://127.0.0.1:" + (port + 1), "https://127.0.0.1:" + port,
                "http://localhost:" + port, "http://chat.example.org", "https://chat.example.org.evil.com");
    }

    private Response register(String username, String origin) {
        return api.post("/api/register").origin(origin).json(Map.of("username", username, "password", PASSWORD)).send();
    }

    private Response login(String username, String origin) {
        return api.post("/api/login").origin(origin).json(Map.of("username", username, "password", PASSWORD)).send();
    }

    @Test
    void a_login_from_another_origin_gets_403_bad_origin_and_sets_no_cookie() {
        Session s = api.newUser();
        for (String origin : foreignOrigins()) {
            Response r = login(s.username(), origin);
            assertError(r, 403, "bad_origin");
            assertThat(r.setCookie("duet_session")).as(origin).isEmpty();
        }
    }

    @Test
    void a_registration_from_another_origin_gets_403_bad_origin_and_creates_no_account() {
        for (String origin : foreignOrigins()) {
            String username = uniqueUsername("csrf");
            Response r = register(username, origin);
            assertError(r, 403, "bad_origin");
            assertThat(r.setCookie("duet_session")).as(origin).isEmpty();
            assertError(api.loginRaw(username, PASSWORD), 401, "invalid_credentials");
        }
    }

    @Test
    void sign_in_without_an_origin_is_accepted() {
        String username = uniqueUsername("bot");
        assertThat(register(username, null).status()).isEqualTo(201);
        assertThat(login(username, null).status()).isEqualTo(200);
    }

    @Test
    void sign_in_from_the_servers_own_origin_is_accepted() {
        String username = uniqueUsername("own");
        assertThat(register(username, api.origin()).status()).isEqualTo(201);
        Response r = login(username, api.origin());
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.setCookie("duet_session")).isPresent();
    }

    @Test
    void sign_in_from_an_allowed_origin_or_the_public_url_is_accepted() {
        String username = uniqueUsername("cfg");
        assertThat(register(username, ALLOWED).status()).isEqualTo(201);
        assertThat(login(username, ALLOWED).status()).isEqualTo(200);
        assertThat(login(username, PUBLIC_URL).status()).isEqualTo(200);
        assertThat(login(username, "https://CHAT.example.org:443").status()).isEqualTo(200);
    }

    @Test
    void a_refused_origin_is_refused_even_with_a_wrong_password() {
        Session s = api.newUser();
        Response r = api.post("/api/login").origin(FOREIGN)
                .json(Map.of("username", s.username(), "password", "wrong password")).send();
        assertError(r, 403, "bad_origin");
    }
}
