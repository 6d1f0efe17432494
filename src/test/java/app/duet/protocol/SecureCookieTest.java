package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a TLS proxy Duet itself speaks plain HTTP, yet the cookie must be Secure: the public URL
 * says people reach it over https. (Without one, over plain HTTP, see SessionsAndCookiesTest.)
 */
class SecureCookieTest extends ProtocolTestBase {

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.publicUrl("https://chat.example.org");
    }

    @Test
    void with_an_https_public_url_the_session_cookie_is_secure_on_register_login_and_logout() {
        String name = uniqueUsername("sec");
        Response reg = api.post("/api/register").json(Map.of("username", name, "password", PASSWORD)).send().expect(201);
        Response login = api.post("/api/login").json(Map.of("username", name, "password", PASSWORD)).send().expect(200);
        Response logout = api.post("/api/logout").bearer(login.json().path("token").asText()).send().expect(204);

        for (Response r : new Response[] {reg, login, logout}) {
            assertThat(r.setCookie("duet_session")).hasValueSatisfying(c -> assertThat(c).contains("; Secure").contains("HttpOnly"));
        }
    }

    @Test
    void the_public_urls_host_passes_the_host_check_and_its_origin_may_sign_in() {
        var s = api.newUser();
        Response r = api.post("/api/login").origin("https://chat.example.org")
                .json(Map.of("username", s.username(), "password", PASSWORD)).send();

        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }
}
