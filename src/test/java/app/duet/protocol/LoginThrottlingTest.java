package app.duet.protocol;

import app.duet.DuetConfig;
import app.duet.testing.ApiClient.Response;
import app.duet.testing.ApiClient.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static app.duet.testing.ApiClient.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md §2: "Repeated failed logins for one username are slowed down and then refused with
 * 429 too_many_requests for a while (the right password too, until the while is over)."
 */
class LoginThrottlingTest extends ProtocolTestBase {
    private static final int MAX_FAILURES = 3;
    private static final Duration LOCKOUT = Duration.ofSeconds(2);

    @Override
    protected void configure(DuetConfig.Builder b) {
        b.loginMaxFailures(MAX_FAILURES).loginLockout(LOCKOUT);
    }

    /** Fails logins until refused with 429; returns how many 401s came first. */
    private int failUntilRefused(Session s) {
        for (int attempt = 0; attempt < MAX_FAILURES + 5; attempt++) {
            Response r = api.loginRaw(s.username(), "wrong password " + attempt);
            if (r.status() == 429) {
                assertError(r, 429, "too_many_requests");
                return attempt;
            }
            assertError(r, 401, "invalid_credentials");
        }
        throw new AssertionError("still not refused after " + (MAX_FAILURES + 5) + " failed logins");
    }

    @Test
    void repeated_failed_logins_are_refused_with_429_too_many_requests() {
        Session s = api.newUser();
        int failures = failUntilRefused(s);
        assertThat(failures).as("401s before the first 429").isBetween(1, MAX_FAILURES + 1);
    }

    @Test
    void while_refused_even_the_right_password_gets_429() {
        Session s = api.newUser();
        failUntilRefused(s);
        assertError(api.loginRaw(s.username(), PASSWORD), 429, "too_many_requests");
    }

    @Test
    void the_refusal_says_when_to_try_again_in_retry_after_and_the_error_body() {
        Session s = api.newUser();
        failUntilRefused(s);
        Response r = api.loginRaw(s.username(), PASSWORD);
        assertError(r, 429, "too_many_requests");
        long header = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(header).as("Retry-After, whole seconds rounded up").isBetween(1L, LOCKOUT.toSeconds());
        assertThat(r.json().path("error").path("retryAfter").asLong()).isEqualTo(header);
        // A refusal that cannot say (a wrong password, not yet locked) carries neither.
        Response wrong = api.loginRaw(api.newUser().username(), "wrong password");
        assertThat(wrong.headers().firstValue("Retry-After")).isEmpty();
        assertThat(wrong.json().path("error").has("retryAfter")).isFalse();
    }

    @Test
    void failed_logins_for_an_unknown_username_are_refused_too() {
        String ghost = app.duet.testing.ApiClient.uniqueUsername("ghost");
        for (int attempt = 0; attempt < MAX_FAILURES + 5; attempt++) {
            Response r = api.loginRaw(ghost, "guess number " + attempt);
            if (r.status() == 429) {
                assertError(r, 429, "too_many_requests");
                return;
            }
            assertError(r, 401, "invalid_credentials");
        }
        throw new AssertionError("guessing an unknown username is never refused");
    }

    @Test
    void the_refusal_is_per_username() {
        Session locked = api.newUser();
        Session other = api.newUser();
        failUntilRefused(locked);
        api.login(other.username(), PASSWORD);
    }

    @Test
    void the_refusal_ignores_the_case_of_the_username() {
        Session s = api.newUser();
        failUntilRefused(s);
        assertError(api.loginRaw(s.username().toUpperCase(), PASSWORD), 429, "too_many_requests");
    }

    @Test
    void existing_tokens_keep_working_while_logins_are_refused() {
        Session s = api.newUser();
        failUntilRefused(s);
        assertUser(api.me(s), s);
    }

    @Test
    void after_the_lockout_the_right_password_works_again() throws InterruptedException {
        Session s = api.newUser();
        failUntilRefused(s);
        Thread.sleep(LOCKOUT.toMillis() + 700);
        Session again = api.login(s.username(), PASSWORD);
        assertUser(api.me(again), s);
    }

    @Test
    void a_few_failures_below_the_limit_do_not_block_the_right_password() {
        Session s = api.newUser();
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            assertError(api.loginRaw(s.username(), "wrong"), 401, "invalid_credentials");
        }
        api.login(s.username(), PASSWORD);
    }
}
