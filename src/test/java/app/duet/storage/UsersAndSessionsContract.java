package app.duet.storage;

import app.duet.model.StoredSession;
import app.duet.model.User;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link Store} contract, part of {@link StoreContract}: users (creating, finding,
 * credentials), searching users, and sessions (finding, listing, touching, expiring, deleting),
 * password change and renaming.
 */
public interface UsersAndSessionsContract extends StoreFixture {

    @Test
    default void a_created_user_gets_an_id_and_can_be_found_by_it() {
        User alice = store().createUser("alice", "Alice Liddell", "hash", tick());

        assertThat(alice.id()).isPositive();
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.name()).isEqualTo("Alice Liddell");
        assertThat(store().findUser(alice.id())).contains(alice);
    }

    @Test
    default void every_user_gets_a_distinct_id() {
        User a = user("alice");
        User b = user("bob");
        User c = user("carol");

        assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();
    }

    @Test
    default void a_display_name_is_stored_exactly_as_given() {
        String name = "Zoë 🦊 \u200d Ω  ";
        User u = store().createUser("zoe", name, "hash", tick());

        assertThat(store().findUser(u.id()).orElseThrow().name()).isEqualTo(name);
    }

    @Test
    default void find_user_is_empty_for_an_unknown_id() {
        User alice = user("alice");

        assertThat(store().findUser(alice.id() + 1000)).isEmpty();
    }

    @Test
    default void a_taken_username_is_refused_with_a_duplicate_key_exception() {
        User first = user("alice");

        assertThatThrownBy(() -> store().createUser("alice", "Another Alice", "other-hash", tick()))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store().findCredentials("alice").orElseThrow())
                .isEqualTo(new Credentials(first, "hash-of-alice"));
    }

    @Test
    default void a_duplicate_key_exception_is_a_storage_exception() {
        user("alice");

        assertThatThrownBy(() -> user("alice")).isInstanceOf(StorageException.class);
    }

    @Test
    default void the_store_stays_usable_after_a_refused_user() {
        user("alice");
        assertThatThrownBy(() -> user("alice")).isInstanceOf(DuplicateKeyException.class);

        User bob = user("bob");

        assertThat(store().findUser(bob.id())).contains(bob);
    }

    @Test
    default void find_credentials_returns_the_user_and_the_stored_hash() {
        User alice = store().createUser("alice", "Alice", "$2a$04$somehash", tick());

        assertThat(store().findCredentials("alice")).contains(new Credentials(alice, "$2a$04$somehash"));
    }

    @Test
    default void find_credentials_is_empty_for_an_unknown_username() {
        user("alice");

        assertThat(store().findCredentials("alicia")).isEmpty();
        assertThat(store().findCredentials("alic")).isEmpty();
        assertThat(store().findCredentials("")).isEmpty();
    }

    @Test
    default void concurrent_registrations_of_one_username_let_exactly_one_through() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store().createUser("racer", "Racer " + n, "hash", 1_000 + n);
                        return true;
                    } catch (DuplicateKeyException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) if (f.get(20, TimeUnit.SECONDS)) winners++;
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ================================================================ search

    /**
     * The {@code searcher} is made first, then the {@code others} in the order given; then the
     * searcher searches. Usernames are separated by spaces; an empty {@code found} is nobody.
     */
    @ParameterizedTest(name = "search {0}")
    @CsvSource(delimiter = '|', textBlock = """
        # search ...                                                           | searcher | others                                                      | prefix | limit | found
        finds the usernames that start with the prefix, in username order      | me       | bobby bob abob bo carol bob.b                               | bob    | 20    | bob bob.b bobby
        treats an underscore as a plain character, not a wildcard              | me       | a_b axb a_c ab a1b                                          | a_     | 20    | a_b a_c
        treats a dot as a plain character, not a wildcard                      | me       | a.b axb a-b a.c                                             | a.     | 20    | a.b a.c
        treats a hyphen as a plain character                                   | me       | a-b a.b a_b                                                 | a-     | 20    | a-b
        matches only at the start of a username                                | me       | xbob bobx                                                   | bob    | 20    | bobx
        finds a username equal to the prefix                                   | me       | zed                                                         | zed    | 20    | zed
        finds nobody when no username has the prefix                           | me       | bob                                                         | bobo   | 20    |
        finds nobody when no username starts with the letter                   | me       | bob                                                         | z      | 20    |
        returns at most limit users, the first by username                     | me       | user9 user8 user7 user6 user5 user4 user3 user2 user1 user0 | user   | 3     | user0 user1 user2
        leaves out the excluded user                                           | bob      | bobby                                                       | bob    | 20    | bobby
        does not let the excluded user use up the limit                        | bob      | bobby bobo                                                  | bob    | 2     | bobby bobo
        with an empty prefix lists everyone but the excluded user, by username | me       | zed amy kim                                                 | ''     | 20    | amy kim zed
        """)
    default void search(String what, String searcher, String others, String prefix, int limit, String found) {
        User me = user(searcher);
        for (String username : words(others)) user(username);

        assertThat(usernames(store().searchUsers(prefix, me.id(), limit))).containsExactlyElementsOf(words(found));
    }

    private static List<String> words(String spaced) {
        return spaced == null || spaced.isBlank() ? List.of() : List.of(spaced.trim().split(" +"));
    }

    @Test
    default void search_results_carry_id_and_name() {
        User me = user("me");
        User bob = user("bob", "Bob Builder");

        assertThat(store().searchUsers("bo", me.id(), 20)).containsExactly(bob);
    }

    // ================================================================ sessions

    @Test
    default void a_session_token_hash_finds_its_session_and_user() {
        User alice = user("alice");
        session("a", alice, 1_000);

        assertThat(store().findSession(token("a"))).contains(new StoredSession("id-a", alice, 1_000, 1_000, "client-a"));
    }

    @Test
    default void an_unknown_token_hash_finds_nobody() {
        User alice = user("alice");
        session("a", alice, tick());

        assertThat(sessionUser("b")).isEmpty();
    }

    @Test
    default void a_deleted_session_no_longer_finds_its_user() {
        User alice = user("alice");
        session("a", alice, tick());

        assertThat(store().deleteSession(alice.id(), "id-a")).isTrue();
        assertThat(sessionUser("a")).isEmpty();
    }

    @Test
    default void deleting_an_unknown_session_or_another_users_reports_false_and_keeps_it() {
        User alice = user("alice");
        User bob = user("bob");
        session("a", alice, tick());
        session("b", bob, tick());
        store().deleteSession(alice.id(), "id-a");

        assertThat(store().deleteSession(alice.id(), "id-a")).isFalse();
        assertThat(store().deleteSession(alice.id(), "id-never")).isFalse();
        assertThat(store().deleteSession(alice.id(), "id-b")).isFalse();
        assertThat(sessionUser("b")).contains(bob);
    }

    @Test
    default void sessions_unused_since_a_cutoff_are_deleted_and_used_ones_kept() {
        User alice = user("alice");
        session("old", alice, 1_000);
        session("used", alice, 1_000);
        session("new", alice, 5_000);
        store().touchSession("id-used", 6_000);
        store().touchSession("id-used", 2_000); // last use never goes back

        assertThat(store().deleteExpiredSessions(5_000, Long.MIN_VALUE)).containsExactly("id-old");

        assertThat(sessionUser("old")).isEmpty();
        assertThat(sessionUser("used")).contains(alice);
        assertThat(sessionUser("new")).contains(alice);
        assertThat(store().deleteExpiredSessions(6_000, Long.MIN_VALUE)).containsExactly("id-new"); // last used at 5,000
        assertThat(sessionUser("used")).contains(alice);
    }

    @Test
    default void sessions_created_before_a_cutoff_are_deleted_however_recently_used() {
        User alice = user("alice");
        session("old", alice, 1_000);
        session("young", alice, 5_000);
        store().touchSession("id-old", 9_000);

        assertThat(store().deleteExpiredSessions(0, 5_000)).containsExactly("id-old");
        assertThat(sessionUser("young")).contains(alice);
    }

    @Test
    default void one_users_sessions_end_independently() {
        User alice = user("alice");
        User bob = user("bob");
        session("phone", alice, tick());
        session("laptop", alice, tick());
        session("bob", bob, tick());

        store().deleteSession(alice.id(), "id-phone");

        assertThat(sessionUser("phone")).isEmpty();
        assertThat(sessionUser("laptop")).contains(alice);
        assertThat(sessionUser("bob")).contains(bob);
    }

    @Test
    default void a_users_sessions_are_listed_most_recently_used_first_and_only_theirs() {
        User alice = user("alice");
        User bob = user("bob");
        session("phone", alice, 1_000);
        session("laptop", alice, 2_000);
        session("bob", bob, 3_000);
        store().touchSession("id-phone", 4_000);

        assertThat(store().sessionsOf(alice.id())).containsExactly(
                new StoredSession("id-phone", alice, 1_000, 4_000, "client-phone"),
                new StoredSession("id-laptop", alice, 2_000, 2_000, "client-laptop"));
        assertThat(store().sessionsOf(user("carol").id())).isEmpty();
    }

    @Test
    default void deleting_the_other_sessions_keeps_the_current_one_and_other_users() {
        User alice = user("alice");
        User bob = user("bob");
        session("phone", alice, tick());
        session("laptop", alice, tick());
        session("tablet", alice, tick());
        session("bob", bob, tick());

        assertThat(store().deleteOtherSessions(alice.id(), "id-laptop")).containsExactlyInAnyOrder("id-phone", "id-tablet");

        assertThat(store().sessionsOf(alice.id())).extracting(StoredSession::id).containsExactly("id-laptop");
        assertThat(sessionUser("bob")).contains(bob);
    }

    @Test
    default void changing_the_password_replaces_the_hash_and_ends_the_other_sessions_at_once() {
        User alice = store().createUser("alice", "Alice", "hash-old", tick());
        session("phone", alice, tick());
        session("laptop", alice, tick());

        assertThat(store().changePassword(alice.id(), "hash-new", "id-laptop")).containsExactly("id-phone");

        assertThat(store().findCredentials("alice")).contains(new Credentials(alice, "hash-new"));
        assertThat(store().sessionsOf(alice.id())).extracting(StoredSession::id).containsExactly("id-laptop");
    }

    @Test
    default void renaming_a_user_changes_the_name_everywhere_it_is_read() {
        User alice = user("alice", "Alice");
        User bob = user("bob");
        befriend(alice, bob);
        session("a", alice, tick());

        User renamed = store().renameUser(alice.id(), "Alice Liddell").orElseThrow();

        assertThat(renamed).isEqualTo(new User(alice.id(), "alice", "Alice Liddell"));
        assertThat(store().findUser(alice.id())).contains(renamed);
        assertThat(sessionUser("a")).contains(renamed);
        assertThat(store().contacts(bob.id())).containsExactly(renamed);
        assertThat(store().renameUser(999_999, "Nobody")).isEmpty();
    }

    @Test
    default void token_hashes_are_compared_by_content_not_identity() {
        User alice = user("alice");
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) hash[i] = (byte) (i * 7 - 100);
        store().createSession(hash, "id-h", alice.id(), "", tick());

        assertThat(store().findSession(hash.clone()).map(StoredSession::user)).contains(alice);
        byte[] other = hash.clone();
        other[31]++;
        assertThat(store().findSession(other)).isEmpty();
    }
}
