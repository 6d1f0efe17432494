package app.duet.protocol;

import app.duet.DuetConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static app.duet.testing.ApiClient.uniqueUsername;

/** Without a trusted proxy, X-Forwarded-For is the client's own words: ignored, so it cannot dodge the budget. */
class UntrustedForwardedForTest extends ProtocolTestBase {

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.loginFailuresPerAddress(3);
    }

    @Test
    void a_client_cannot_step_around_the_address_budget_by_inventing_forwarded_addresses() {
        for (int i = 0; i < 3; i++) {
            api.post("/api/login").header("X-Forwarded-For", "192.0.2." + i)
                    .json(Map.of("username", uniqueUsername("guess"), "password", "not the password")).send();
        }

        assertError(api.post("/api/login").header("X-Forwarded-For", "192.0.2.99")
                .json(Map.of("username", uniqueUsername("guess"), "password", "not the password")).send(), 429, "too_many_requests");
    }
}
