package app.duet.accounts;

import app.duet.testing.RecordedEvents;
import app.duet.testing.TestClock;
import app.duet.DuetException;
import app.duet.ErrorCode;
import app.duet.delivery.BusMessage;

import app.duet.storage.Store;
import app.duet.storage.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PROTOCOL.md §2 through the accounts service, on a real SQLite store and bcrypt at its lowest
 * cost. Login throttling runs on a test clock; with three failures allowed no failure is held back.
 */
class AccountServiceTest {

    private static final Duration LOCKOUT = Duration.ofMinutes(1);
    private static final Duration IDLE = Duration.ofDays(30);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final RecordedEvents recorded = new RecordedEvents();
    private final List<BusMessage> published = recorded.published();
    private Store store;
    private AccountService accounts;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir);
        accounts = new AccountService(store, recorded.events(), clock, 4, 3, LOCKOUT, IDLE);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    private static void refused(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DuetException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void registering_stores_the_username_lower_case_and_signs_in() {
        SignedIn in = accounts.register("Alice", "correct horse", "Alice L.");

        assertThat(in.user().username()).isEqualTo("alice");
        assertThat(in.user().name()).isEqualTo("Alice L.");
        assertThat(accounts.authenticate(in.token()).orElseThrow().user()).isEqualTo(in.user());
    }

    @Test
    void the_display_name_defaults_to_the_username() {
        assertThat(accounts.register("Bob", "correct horse", null).user().name()).isEqualTo("bob");
    }

    @Test
    void a_token_has_at_least_128_bits_and_differs_every_time() {
        SignedIn first = accounts.register("alice", "correct horse", null);
        SignedIn second = accounts.login("alice", "correct horse");

        assertThat(first.token().length()).isGreaterThanOrEqualTo(22);
        assertThat(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void the_password_is_never_stored_in_clear() {
        accounts.register("alice", "correct horse", null);

        String hash = store.findCredentials("alice").orElseThrow().passwordHash();
        assertThat(hash).doesNotContain("correct horse").startsWith("$2");
    }

    @Test
    void a_taken_username_is_refused_whatever_its_case() {
        accounts.register("alice", "correct horse", null);

        refused(() -> accounts.register("ALICE", "another one", null), ErrorCode.USERNAME_TAKEN);
    }

    @Test
    void invalid_registrations_are_refused_with_their_codes() {
        refused(() -> accounts.register("a", "correct horse", null), ErrorCode.INVALID_USERNAME);
        refused(() -> accounts.register("alice", "short", null), ErrorCode.WEAK_PASSWORD);
        refused(() -> accounts.register("alice", "correct horse", ""), ErrorCode.INVALID_NAME);
        refused(() -> accounts.register("alice", "correct horse", "bell\u0007"), ErrorCode.INVALID_NAME);
        assertThat(store.findCredentials("alice")).isEmpty();
    }

    @Test
    void login_compares_the_username_without_case() {
        SignedIn reg = accounts.register("alice", "correct horse", null);

        assertThat(accounts.login("AlIcE", "correct horse").user()).isEqualTo(reg.user());
    }

    @Test
    void a_wrong_password_or_unknown_user_is_invalid_credentials() {
        accounts.register("alice", "correct horse", null);

        refused(() -> accounts.login("alice", "wrong horse"), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> accounts.login("nobody", "correct horse"), ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void every_character_of_a_long_password_counts() {
        String password = "p".repeat(100) + "A";
        accounts.register("alice", password, null);

        refused(() -> accounts.login("alice", "p".repeat(100) + "B"), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> accounts.login("alice", "p".repeat(100)), ErrorCode.INVALID_CREDENTIALS);
        assertThat(accounts.login("alice", password).user().username()).isEqualTo("alice");
    }

    @Test
    void a_password_of_256_emoji_works() {
        String password = "🔑".repeat(256);
        accounts.register("alice", password, null);

        assertThat(accounts.login("alice", password).user().username()).isEqualTo("alice");
        refused(() -> accounts.login("alice", "🔑".repeat(255) + "🗝"), ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void repeated_failures_lock_the_username_even_for_the_right_password_until_the_lockout_ends() {
        accounts.register("alice", "correct horse", null);
        for (int i = 0; i < 3; i++) refused(() -> accounts.login("alice", "wrong horse"), ErrorCode.INVALID_CREDENTIALS);

        refused(() -> accounts.login("alice", "correct horse"), ErrorCode.TOO_MANY_REQUESTS);
        refused(() -> accounts.login("ALICE", "correct horse"), ErrorCode.TOO_MANY_REQUESTS);

        clock.advance(LOCKOUT);
        assertThat(accounts.login("alice", "correct horse").user().username()).isEqualTo("alice");
    }

    @Test
    void a_lockout_of_one_username_leaves_others_alone() {
        accounts.register("alice", "correct horse", null);
        accounts.register("bob", "battery staple", null);
        for (int i = 0; i < 3; i++) refused(() -> accounts.login("alice", "wrong"), ErrorCode.INVALID_CREDENTIALS);

        assertThat(accounts.login("bob", "battery staple").user().username()).isEqualTo("bob");
    }

    @Test
    void logout_revokes_the_token_at_once_and_closes_its_sockets_with_4401() {
        SignedIn in = accounts.register("alice", "correct horse", null);
        SignedIn other = accounts.login("alice", "correct horse");
        Session session = accounts.authenticate(in.token()).orElseThrow();

        accounts.logout(session);

        assertThat(accounts.authenticate(in.token())).isEmpty();
        assertThat(accounts.authenticate(other.token())).isPresent();
        assertThat(published).containsExactly(new BusMessage.CloseSession(session.sessionKey(), 4401, "session revoked"));
    }

    @Test
    void a_session_unused_for_the_idle_timeout_expires_and_a_used_one_does_not() {
        SignedIn idle = accounts.register("alice", "correct horse", null);
        SignedIn busy = accounts.login("alice", "correct horse");

        for (int day = 0; day < 40; day++) {
            clock.advance(Duration.ofDays(1));
            assertThat(accounts.authenticate(busy.token())).isPresent();
        }
        assertThat(accounts.expireIdleSessions()).isEqualTo(1);

        assertThat(accounts.authenticate(idle.token())).isEmpty();
        assertThat(accounts.authenticate(busy.token())).isPresent();
    }

    @Test
    void a_session_is_not_expired_before_its_idle_timeout() {
        SignedIn in = accounts.register("alice", "correct horse", null);
        clock.advance(IDLE.minusMinutes(1));

        assertThat(accounts.expireIdleSessions()).isZero();
        assertThat(accounts.authenticate(in.token())).isPresent();
    }

    @Test
    void garbage_tokens_authenticate_nobody() {
        accounts.register("alice", "correct horse", null);

        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate("x".repeat(10_000))).isEmpty();
        assertThat(accounts.authenticate("not-a-token")).isEmpty();
    }
}
