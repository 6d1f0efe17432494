package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static app.duet.testing.ApiClient.PASSWORD;
import static app.duet.testing.ApiClient.uniqueUsername;

/**
 * Per-address budgets: failed logins (on top of the per-username throttle) and registrations.
 * The server trusts 127.0.0.1 as a reverse proxy here, so X-Forwarded-For names the client.
 */
class ClientAddressLimitsTest extends ProtocolTestBase {
    private static final int LOGIN_FAILURES = 6;
    private static final int REGISTRATIONS = 3;

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.loginFailuresPerAddress(LOGIN_FAILURES).registrationsPerAddressPerHour(REGISTRATIONS).trustedProxies(List.of("127.0.0.1"));
    }

    private Response login(String forwardedFor, String username, String password) {
        return api.post("/api/login").header("X-Forwarded-For", forwardedFor)
                .json(Map.of("username", username, "password", password)).send();
    }

    private Response register(String forwardedFor) {
        return api.post("/api/register").header("X-Forwarded-For", forwardedFor)
                .json(Map.of("username", uniqueUsername("reg"), "password", PASSWORD)).send();
    }

    @Test
    void one_address_guessing_many_usernames_is_stopped_and_others_are_not() {
        var victim = api.newUser();
        for (int i = 0; i < LOGIN_FAILURES; i++) {
            assertError(login("203.0.113.10", uniqueUsername("guess"), "not the password"), 401, "invalid_credentials");
        }

        Response refused = login("203.0.113.10", victim.username(), PASSWORD);
        assertError(refused, 429, "too_many_requests");
        assertRetryAfterWithin(refused, 15 * 60);
        login("203.0.113.11", victim.username(), PASSWORD).expect(200);
    }

    @Test
    void only_the_right_most_untrusted_address_counts_so_a_forged_left_part_does_not_help() {
        for (int i = 0; i < LOGIN_FAILURES; i++) {
            login("10.9.9." + i + ", 203.0.113.20", uniqueUsername("guess"), "not the password");
        }

        assertError(login("10.1.1.1, 203.0.113.20", uniqueUsername("guess"), "not the password"), 429, "too_many_requests");
    }

    @Test
    void registrations_from_one_address_are_limited_per_hour() {
        for (int i = 0; i < REGISTRATIONS; i++) register("198.51.100.30").expect(201);

        Response refused = register("198.51.100.30");
        assertError(refused, 429, "too_many_requests");
        assertRetryAfterWithin(refused, 3600);
        register("198.51.100.31").expect(201);
    }

    /** The refusal says when the address's window ends: a Retry-After header and retryAfter in the body, the same seconds. */
    private static void assertRetryAfterWithin(Response r, long maxSeconds) {
        long header = Long.parseLong(r.header("Retry-After").orElseThrow());
        assertThat(header).isBetween(1L, maxSeconds);
        assertThat(r.json().path("error").path("retryAfter").asLong()).isEqualTo(header);
    }
}
