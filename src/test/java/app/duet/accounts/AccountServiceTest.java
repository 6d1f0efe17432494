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
    private PasswordHasher hasher;
    private AccountService accounts;
    private static final ClientInfo CLIENT = new ClientInfo("192.0.2.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir);
        hasher = new PasswordHasher(4, 1, 8);
        accounts = service(new AccountPolicy(true, 0, 3, LOCKOUT, 0, IDLE, Duration.ZERO));
    }

    private AccountService service(AccountPolicy policy) {
        return new AccountService(store, recorded.events(), clock, hasher, policy);
    }

    private SignedIn register(String username, String password, String name) {
        return accounts.register(username, password, name, CLIENT);
    }

    private SignedIn login(String username, String password) {
        return accounts.login(username, password, CLIENT);
    }

    @AfterEach
    void stop() {
        hasher.close();
        store.close();
    }

    private static void refused(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(DuetException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void registering_stores_the_username_lower_case_and_signs_in() {
        SignedIn in = register("Alice", "correct horse", "Alice L.");

        assertThat(in.user().username()).isEqualTo("alice");
        assertThat(in.user().name()).isEqualTo("Alice L.");
        assertThat(accounts.authenticate(in.token()).orElseThrow().user()).isEqualTo(in.user());
    }

    @Test
    void the_display_name_defaults_to_the_username() {
        assertThat(register("Bob", "correct horse", null).user().name()).isEqualTo("bob");
    }

    @Test
    void a_token_has_at_least_128_bits_and_differs_every_time() {
        SignedIn first = register("alice", "correct horse", null);
        SignedIn second = login("alice", "correct horse");

        assertThat(first.token().length()).isGreaterThanOrEqualTo(22);
        assertThat(second.token()).isNotEqualTo(first.token());
    }

    @Test
    void the_password_is_never_stored_in_clear() {
        register("alice", "correct horse", null);

        String hash = store.findCredentials("alice").orElseThrow().passwordHash();
        assertThat(hash).doesNotContain("correct horse").startsWith("$2");
    }

    @Test
    void a_taken_username_is_refused_whatever_its_case() {
        register("alice", "correct horse", null);

        refused(() -> register("ALICE", "another one", null), ErrorCode.USERNAME_TAKEN);
    }

    @Test
    void invalid_registrations_are_refused_with_their_codes() {
        refused(() -> register("a", "correct horse", null), ErrorCode.INVALID_USERNAME);
        refused(() -> register("alice", "short", null), ErrorCode.WEAK_PASSWORD);
        refused(() -> register("alice", "correct horse", ""), ErrorCode.INVALID_NAME);
        refused(() -> register("alice", "correct horse", "bell\u0007"), ErrorCode.INVALID_NAME);
        assertThat(store.findCredentials("alice")).isEmpty();
    }

    @Test
    void login_compares_the_username_without_case() {
        SignedIn reg = register("alice", "correct horse", null);

        assertThat(login("AlIcE", "correct horse").user()).isEqualTo(reg.user());
    }

    @Test
    void a_wrong_password_or_unknown_user_is_invalid_credentials() {
        register("alice", "correct horse", null);

        refused(() -> login("alice", "wrong horse"), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> login("nobody", "correct horse"), ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void every_character_of_a_long_password_counts() {
        String password = "p".repeat(100) + "A";
        register("alice", password, null);

        refused(() -> login("alice", "p".repeat(100) + "B"), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> login("alice", "p".repeat(100)), ErrorCode.INVALID_CREDENTIALS);
        assertThat(login("alice", password).user().username()).isEqualTo("alice");
    }

    @Test
    void a_password_of_256_emoji_works() {
        String password = "🔑".repeat(256);
        register("alice", password, null);

        assertThat(login("alice", password).user().username()).isEqualTo("alice");
        refused(() -> login("alice", "🔑".repeat(255) + "🗝"), ErrorCode.INVALID_CREDENTIALS);
    }

    @Test
    void repeated_failures_lock_the_username_even_for_the_right_password_until_the_lockout_ends() {
        register("alice", "correct horse", null);
        for (int i = 0; i < 3; i++) refused(() -> login("alice", "wrong horse"), ErrorCode.INVALID_CREDENTIALS);

        refused(() -> login("alice", "correct horse"), ErrorCode.TOO_MANY_REQUESTS);
        refused(() -> login("ALICE", "correct horse"), ErrorCode.TOO_MANY_REQUESTS);

        clock.advance(LOCKOUT);
        assertThat(login("alice", "correct horse").user().username()).isEqualTo("alice");
    }

    @Test
    void a_lockout_of_one_username_leaves_others_alone() {
        register("alice", "correct horse", null);
        register("bob", "battery staple", null);
        for (int i = 0; i < 3; i++) refused(() -> login("alice", "wrong"), ErrorCode.INVALID_CREDENTIALS);

        assertThat(login("bob", "battery staple").user().username()).isEqualTo("bob");
    }

    @Test
    void logout_revokes_the_token_at_once_and_closes_its_sockets_with_4401() {
        SignedIn in = register("alice", "correct horse", null);
        SignedIn other = login("alice", "correct horse");
        AuthSession session = accounts.authenticate(in.token()).orElseThrow();

        accounts.logout(session);

        assertThat(accounts.authenticate(in.token())).isEmpty();
        assertThat(accounts.authenticate(other.token())).isPresent();
        assertThat(published).containsExactly(new BusMessage.CloseSession(session.sessionKey(), 4401, "session revoked"));
    }

    @Test
    void a_session_unused_for_the_idle_timeout_expires_and_a_used_one_does_not() {
        SignedIn idle = register("alice", "correct horse", null);
        SignedIn busy = login("alice", "correct horse");

        for (int day = 0; day < 40; day++) {
            clock.advance(Duration.ofDays(1));
            assertThat(accounts.authenticate(busy.token())).isPresent();
        }
        assertThat(accounts.expireSessions()).isEqualTo(1);

        assertThat(accounts.authenticate(idle.token())).isEmpty();
        assertThat(accounts.authenticate(busy.token())).isPresent();
    }

    @Test
    void a_session_is_not_expired_before_its_idle_timeout() {
        SignedIn in = register("alice", "correct horse", null);
        clock.advance(IDLE.minusMinutes(1));

        assertThat(accounts.expireSessions()).isZero();
        assertThat(accounts.authenticate(in.token())).isPresent();
    }

    @Test
    void garbage_tokens_authenticate_nobody() {
        register("alice", "correct horse", null);

        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate("x".repeat(10_000))).isEmpty();
        assertThat(accounts.authenticate("not-a-token")).isEmpty();
    }

    // ---- protocol 1.1: cheap refusals before any hashing

    @Test
    void a_login_with_a_username_no_account_can_have_is_refused_and_remembered_nowhere() {
        String huge = "x".repeat(60_000);
        for (int i = 0; i < 20; i++) refused(() -> login(huge, "correct horse"), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> login("bad name!", "correct horse"), ErrorCode.INVALID_CREDENTIALS);

        assertThat(accounts.trackedLoginFailures()).isZero();
    }

    @Test
    void failed_logins_are_budgeted_per_client_address_across_usernames() {
        accounts = service(new AccountPolicy(true, 0, 3, LOCKOUT, 5, IDLE, Duration.ZERO));
        register("alice", "correct horse", null);
        ClientInfo attacker = new ClientInfo("198.51.100.9", null);
        for (int i = 0; i < 5; i++) {
            String name = "victim" + i;
            refused(() -> accounts.login(name, "guessed wrong", attacker), ErrorCode.INVALID_CREDENTIALS);
        }

        refused(() -> accounts.login("alice", "correct horse", attacker), ErrorCode.TOO_MANY_REQUESTS);
        assertThat(accounts.login("alice", "correct horse", CLIENT).user().username()).isEqualTo("alice");
        clock.advance(AccountPolicy.LOGIN_FAILURE_WINDOW);
        assertThat(accounts.login("alice", "correct horse", attacker).user().username()).isEqualTo("alice");
    }

    @Test
    void ipv6_clients_are_budgeted_by_their_64_bit_prefix() {
        accounts = service(new AccountPolicy(true, 0, 3, LOCKOUT, 2, IDLE, Duration.ZERO));
        refused(() -> accounts.login("ghost1", "guessed wrong", new ClientInfo("2001:db8:1:2::1", null)), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> accounts.login("ghost2", "guessed wrong", new ClientInfo("2001:db8:1:2:ffff::9", null)), ErrorCode.INVALID_CREDENTIALS);

        refused(() -> accounts.login("ghost3", "guessed wrong", new ClientInfo("2001:db8:1:2::abcd", null)), ErrorCode.TOO_MANY_REQUESTS);
        refused(() -> accounts.login("ghost3", "guessed wrong", new ClientInfo("2001:db8:1:3::1", null)), ErrorCode.INVALID_CREDENTIALS);
    }

    // ---- registration control

    @Test
    void closed_registration_refuses_everyone_but_the_operator_can_still_make_accounts() {
        accounts = service(new AccountPolicy(false, 0, 3, LOCKOUT, 0, IDLE, Duration.ZERO));

        refused(() -> register("alice", "correct horse", null), ErrorCode.REGISTRATION_CLOSED);
        assertThat(store.findCredentials("alice")).isEmpty();
        accounts.createAccount("alice", "correct horse", "Alice");
        assertThat(login("alice", "correct horse").user().name()).isEqualTo("Alice");
    }

    @Test
    void registrations_can_be_limited_per_client_address() {
        accounts = service(new AccountPolicy(true, 2, 3, LOCKOUT, 0, IDLE, Duration.ZERO));
        register("one", "correct horse", null);
        register("two", "correct horse", null);

        refused(() -> register("three", "correct horse", null), ErrorCode.TOO_MANY_REQUESTS);
        assertThat(accounts.register("three", "correct horse", null, new ClientInfo("203.0.113.5", null))).isNotNull();
        clock.advance(Duration.ofHours(1));
        assertThat(register("four", "correct horse", null)).isNotNull();
    }

    // ---- display name

    @Test
    void renaming_tells_the_user_s_contacts_and_their_own_connections() {
        SignedIn alice = register("alice", "correct horse", null);
        SignedIn bob = register("bob", "correct horse", null);
        store.requestContact(alice.user().id(), bob.user().id(), clock.millis());
        store.requestContact(bob.user().id(), alice.user().id(), clock.millis());
        published.clear();

        var renamed = accounts.rename(accounts.authenticate(alice.token()).orElseThrow(), "Alice Liddell");

        assertThat(renamed.name()).isEqualTo("Alice Liddell");
        assertThat(published).singleElement().isInstanceOfSatisfying(BusMessage.ToUsers.class, m -> {
            assertThat(m.userIds()).containsExactlyInAnyOrder(alice.user().id(), bob.user().id());
            assertThat(m.frame().text()).contains("\"type\":\"user_updated\"").contains("Alice Liddell");
        });
        refused(() -> accounts.rename(accounts.authenticate(alice.token()).orElseThrow(), "\u202eecilA"), ErrorCode.INVALID_NAME);
    }

    // ---- sessions

    @Test
    void each_session_is_listed_with_its_device_and_never_its_token() {
        SignedIn in = register("alice", "correct horse", null);
        accounts.login("alice", "correct horse", new ClientInfo("192.0.2.8",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1"));
        AuthSession current = accounts.authenticate(in.token()).orElseThrow();

        var sessions = accounts.sessions(current);

        assertThat(sessions).extracting(app.duet.model.StoredSession::client)
                .containsExactlyInAnyOrder("Firefox on Linux", "Safari on iPhone");
        assertThat(sessions).extracting(app.duet.model.StoredSession::id).contains(current.id()).doesNotContain(in.token());
        assertThat(accounts.authenticate(current.id())).isEmpty();
    }

    @Test
    void revoking_one_session_ends_it_and_closes_its_sockets_but_not_another_users() {
        SignedIn phone = register("alice", "correct horse", null);
        SignedIn laptop = login("alice", "correct horse");
        SignedIn bob = register("bob", "correct horse", null);
        AuthSession onLaptop = accounts.authenticate(laptop.token()).orElseThrow();
        AuthSession onPhone = accounts.authenticate(phone.token()).orElseThrow();
        AuthSession bobs = accounts.authenticate(bob.token()).orElseThrow();
        published.clear();

        refused(() -> accounts.revokeSession(onLaptop, bobs.id()), ErrorCode.NOT_FOUND);
        refused(() -> accounts.revokeSession(onLaptop, "no-such-id"), ErrorCode.NOT_FOUND);
        accounts.revokeSession(onLaptop, onPhone.id());

        assertThat(accounts.authenticate(phone.token())).isEmpty();
        assertThat(accounts.authenticate(bob.token())).isPresent();
        assertThat(published).containsExactly(new BusMessage.CloseSession(onPhone.id(), 4401, "session revoked"));
    }

    @Test
    void signing_out_everywhere_else_keeps_only_the_current_session() {
        SignedIn here = register("alice", "correct horse", null);
        SignedIn there = login("alice", "correct horse");
        SignedIn elsewhere = login("alice", "correct horse");
        AuthSession current = accounts.authenticate(here.token()).orElseThrow();
        published.clear();

        accounts.revokeOtherSessions(current);

        assertThat(accounts.authenticate(there.token())).isEmpty();
        assertThat(accounts.authenticate(elsewhere.token())).isEmpty();
        assertThat(accounts.authenticate(here.token())).isPresent();
        assertThat(published).hasSize(2).allSatisfy(m -> assertThat(m).isInstanceOf(BusMessage.CloseSession.class));
    }

    @Test
    void changing_the_password_needs_the_current_one_and_signs_out_every_other_session() {
        SignedIn here = register("alice", "correct horse", null);
        SignedIn there = login("alice", "correct horse");
        AuthSession current = accounts.authenticate(here.token()).orElseThrow();
        AuthSession other = accounts.authenticate(there.token()).orElseThrow();

        refused(() -> accounts.changePassword(current, "wrong horse", "battery staple", CLIENT), ErrorCode.INVALID_CREDENTIALS);
        refused(() -> accounts.changePassword(current, "correct horse", "short", CLIENT), ErrorCode.WEAK_PASSWORD);
        assertThat(accounts.authenticate(there.token())).isPresent();
        published.clear();
        accounts.changePassword(current, "correct horse", "battery staple", CLIENT);

        assertThat(accounts.authenticate(there.token())).isEmpty();
        assertThat(accounts.authenticate(here.token())).isPresent();
        assertThat(published).containsExactly(new BusMessage.CloseSession(other.id(), 4401, "session revoked"));
        refused(() -> login("alice", "correct horse"), ErrorCode.INVALID_CREDENTIALS);
        assertThat(login("alice", "battery staple").user().username()).isEqualTo("alice");
    }

    @Test
    void wrong_current_passwords_are_throttled_like_logins() {
        SignedIn here = register("alice", "correct horse", null);
        AuthSession current = accounts.authenticate(here.token()).orElseThrow();
        for (int i = 0; i < 3; i++) {
            refused(() -> accounts.changePassword(current, "wrong horse", "battery staple", CLIENT), ErrorCode.INVALID_CREDENTIALS);
        }

        refused(() -> accounts.changePassword(current, "correct horse", "battery staple", CLIENT), ErrorCode.TOO_MANY_REQUESTS);
    }

    @Test
    void an_expired_session_stops_working_at_once_and_its_sockets_are_closed_when_it_is_swept() {
        SignedIn idle = register("alice", "correct horse", null);
        String id = accounts.authenticate(idle.token()).orElseThrow().id();
        published.clear();
        clock.advance(IDLE.plus(AccountService.TOUCH_EVERY).plusMinutes(1));

        assertThat(accounts.authenticate(idle.token())).isEmpty();
        assertThat(accounts.expireSessions()).isEqualTo(1);
        assertThat(published).containsExactly(new BusMessage.CloseSession(id, 4401, "session revoked"));
    }

    @Test
    void a_session_older_than_the_maximum_age_expires_however_busy() {
        accounts = service(new AccountPolicy(true, 0, 3, LOCKOUT, 0, IDLE, Duration.ofDays(7)));
        SignedIn busy = register("alice", "correct horse", null);
        String id = accounts.authenticate(busy.token()).orElseThrow().id();
        for (int day = 0; day < 6; day++) {
            clock.advance(Duration.ofDays(1));
            assertThat(accounts.authenticate(busy.token())).isPresent();
        }
        published.clear();
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        assertThat(accounts.authenticate(busy.token())).isEmpty();
        assertThat(accounts.expireSessions()).isEqualTo(1);
        assertThat(published).containsExactly(new BusMessage.CloseSession(id, 4401, "session revoked"));
    }
}
