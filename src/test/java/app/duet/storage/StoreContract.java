package app.duet.storage;

import app.duet.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whole contract of {@link Store}, one body for every adapter (as Caffeine runs one
 * parameterised body against every cache). An adapter's test extends this class and says how to
 * open its store; everything here goes through the interface only, never SQL.
 *
 * <p>Each test gets a fresh, empty store in its own folder. Times are made up and strictly
 * increasing ({@link #tick()}), so ordering by activity is deterministic.
 */
public abstract class StoreContract {

    /**
     * Opens (creating if needed) the adapter's store for this folder and brings its schema up to
     * date. Called again with the same folder, it must open the same data: that is how the
     * persistence tests reopen. (An adapter on a server database derives its database or schema
     * name from the folder.)
     */
    protected abstract Store openStore(Path dir);

    /**
     * With the store closed, makes its database claim a schema version newer than this build
     * knows. The next {@link #openStore} must refuse it with a {@link StorageException}.
     */
    protected abstract void makeSchemaNewerThanThisBuild(Path dir) throws Exception;

    @TempDir
    protected Path dir;

    protected Store store;

    private long clock = 1_700_000_000_000L;

    @BeforeEach
    void openFreshStore() {
        store = openStore(dir);
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    /** Closes the store and opens it again on the same data. */
    protected Store reopen() {
        store.close();
        store = null;
        store = openStore(dir);
        return store;
    }

    // ================================================================ helpers

    protected long tick() {
        return clock += 1_000;
    }

    protected User user(String username) {
        return store.createUser(username, "Name of " + username, "hash-of-" + username, tick());
    }

    protected User user(String username, String name) {
        return store.createUser(username, name, "hash-of-" + username, tick());
    }

    protected void befriend(User a, User b) {
        assertThat(store.requestContact(a.id(), b.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);
        assertThat(store.requestContact(b.id(), a.id(), tick())).isEqualTo(ContactRequestOutcome.BECAME_CONTACTS);
    }

    protected AppendOutcome append(User from, User to, String text, String clientId) {
        List<AppendOutcome> outcomes = store.appendMessages(List.of(new NewMessage(from.id(), to.id(), text, clientId, tick())));
        assertThat(outcomes).hasSize(1);
        return outcomes.getFirst();
    }

    protected AppendOutcome.Stored stored(User from, User to, String text, String clientId) {
        AppendOutcome outcome = append(from, to, text, clientId);
        assertThat(outcome).isInstanceOf(AppendOutcome.Stored.class);
        return (AppendOutcome.Stored) outcome;
    }

    protected Message send(User from, User to, String text) {
        return stored(from, to, text, null).message();
    }

    protected Message send(User from, User to, String text, String clientId) {
        return stored(from, to, text, clientId).message();
    }

    /** Sends {@code n} messages, alternating senders, starting with {@code first}. */
    protected List<Message> conversation(User first, User second, int n) {
        List<Message> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(i % 2 == 1 ? send(first, second, "m" + i) : send(second, first, "m" + i));
        }
        return out;
    }

    protected ChatBox chat(User owner, User peer) {
        return store.findChat(owner.id(), peer.id()).orElseThrow(() -> new AssertionError(
                owner.username() + " has no chat box with " + peer.username()));
    }

    protected HistoryPage history(User owner, User peer, Long before, Long after, int limit) {
        return store.history(owner.id(), peer.id(), new HistoryQuery(before, after, limit)).orElseThrow(() ->
                new AssertionError(owner.username() + " has no chat box with " + peer.username()));
    }

    protected HistoryPage newest(User owner, User peer, int limit) {
        return history(owner, peer, null, null, limit);
    }

    protected static List<Long> seqs(HistoryPage page) {
        return page.messages().stream().map(Message::seq).toList();
    }

    protected static List<Long> seqs(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    protected static List<String> usernames(List<User> users) {
        return users.stream().map(User::username).toList();
    }

    protected static List<Long> peers(List<ChatBox> chats) {
        return chats.stream().map(c -> c.peer().id()).toList();
    }

    protected static byte[] token(String s) {
        return ("token-" + s).getBytes(StandardCharsets.UTF_8);
    }

    // ================================================================ users

    @Test
    void a_created_user_gets_an_id_and_can_be_found_by_it() {
        User alice = store.createUser("alice", "Alice Liddell", "hash", tick());

        assertThat(alice.id()).isPositive();
        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.name()).isEqualTo("Alice Liddell");
        assertThat(store.findUser(alice.id())).contains(alice);
    }

    @Test
    void every_user_gets_a_distinct_id() {
        User a = user("alice");
        User b = user("bob");
        User c = user("carol");

        assertThat(List.of(a.id(), b.id(), c.id())).doesNotHaveDuplicates();
    }

    @Test
    void a_display_name_is_stored_exactly_as_given() {
        String name = "Zoë 🦊 \u200d Ω  ";
        User u = store.createUser("zoe", name, "hash", tick());

        assertThat(store.findUser(u.id()).orElseThrow().name()).isEqualTo(name);
    }

    @Test
    void find_user_is_empty_for_an_unknown_id() {
        User alice = user("alice");

        assertThat(store.findUser(alice.id() + 1000)).isEmpty();
    }

    @Test
    void a_taken_username_is_refused_with_a_duplicate_key_exception() {
        User first = user("alice");

        assertThatThrownBy(() -> store.createUser("alice", "Another Alice", "other-hash", tick()))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(store.findCredentials("alice").orElseThrow())
                .isEqualTo(new Credentials(first, "hash-of-alice"));
    }

    @Test
    void a_duplicate_key_exception_is_a_storage_exception() {
        user("alice");

        assertThatThrownBy(() -> user("alice")).isInstanceOf(StorageException.class);
    }

    @Test
    void the_store_stays_usable_after_a_refused_user() {
        user("alice");
        assertThatThrownBy(() -> user("alice")).isInstanceOf(DuplicateKeyException.class);

        User bob = user("bob");

        assertThat(store.findUser(bob.id())).contains(bob);
    }

    @Test
    void find_credentials_returns_the_user_and_the_stored_hash() {
        User alice = store.createUser("alice", "Alice", "$2a$04$somehash", tick());

        assertThat(store.findCredentials("alice")).contains(new Credentials(alice, "$2a$04$somehash"));
    }

    @Test
    void find_credentials_is_empty_for_an_unknown_username() {
        user("alice");

        assertThat(store.findCredentials("alicia")).isEmpty();
        assertThat(store.findCredentials("alic")).isEmpty();
        assertThat(store.findCredentials("")).isEmpty();
    }

    @Test
    void concurrent_registrations_of_one_username_let_exactly_one_through() throws Exception {
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
                        store.createUser("racer", "Racer " + n, "hash", 1_000 + n);
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

    @Test
    void search_finds_the_usernames_that_start_with_the_prefix_in_username_order() {
        User me = user("me");
        user("bobby");
        user("bob");
        user("abob");
        user("bo");
        user("carol");
        user("bob.b");

        assertThat(usernames(store.searchUsers("bob", me.id(), 20))).containsExactly("bob", "bob.b", "bobby");
    }

    @Test
    void search_treats_an_underscore_as_a_plain_character_not_a_wildcard() {
        User me = user("me");
        user("a_b");
        user("axb");
        user("a_c");
        user("ab");
        user("a1b");

        assertThat(usernames(store.searchUsers("a_", me.id(), 20))).containsExactly("a_b", "a_c");
    }

    @Test
    void search_treats_a_dot_as_a_plain_character_not_a_wildcard() {
        User me = user("me");
        user("a.b");
        user("axb");
        user("a-b");
        user("a.c");

        assertThat(usernames(store.searchUsers("a.", me.id(), 20))).containsExactly("a.b", "a.c");
    }

    @Test
    void search_treats_a_hyphen_as_a_plain_character() {
        User me = user("me");
        user("a-b");
        user("a.b");
        user("a_b");

        assertThat(usernames(store.searchUsers("a-", me.id(), 20))).containsExactly("a-b");
    }

    @Test
    void search_matches_only_at_the_start_of_a_username() {
        User me = user("me");
        user("xbob");
        user("bobx");

        assertThat(usernames(store.searchUsers("bob", me.id(), 20))).containsExactly("bobx");
    }

    @Test
    void a_username_equal_to_the_prefix_is_found() {
        User me = user("me");
        user("zed");

        assertThat(usernames(store.searchUsers("zed", me.id(), 20))).containsExactly("zed");
    }

    @Test
    void search_finds_nobody_when_no_username_has_the_prefix() {
        User me = user("me");
        user("bob");

        assertThat(store.searchUsers("bobo", me.id(), 20)).isEmpty();
        assertThat(store.searchUsers("z", me.id(), 20)).isEmpty();
    }

    @Test
    void search_returns_at_most_limit_users_the_first_by_username() {
        User me = user("me");
        for (int i = 9; i >= 0; i--) user("user" + i);

        assertThat(usernames(store.searchUsers("user", me.id(), 3))).containsExactly("user0", "user1", "user2");
    }

    @Test
    void search_leaves_out_the_excluded_user() {
        User bob = user("bob");
        user("bobby");

        assertThat(usernames(store.searchUsers("bob", bob.id(), 20))).containsExactly("bobby");
    }

    @Test
    void the_excluded_user_does_not_use_up_the_limit() {
        User bob = user("bob");
        user("bobby");
        user("bobo");

        assertThat(usernames(store.searchUsers("bob", bob.id(), 2))).containsExactly("bobby", "bobo");
    }

    @Test
    void an_empty_prefix_lists_everyone_but_the_excluded_user_by_username() {
        User me = user("me");
        user("zed");
        user("amy");
        user("kim");

        assertThat(usernames(store.searchUsers("", me.id(), 20))).containsExactly("amy", "kim", "zed");
    }

    @Test
    void search_results_carry_id_and_name() {
        User me = user("me");
        User bob = user("bob", "Bob Builder");

        assertThat(store.searchUsers("bo", me.id(), 20)).containsExactly(bob);
    }

    // ================================================================ sessions

    /** Makes a session named {@code name}: token "token-NAME", id "id-NAME", client "client-NAME". */
    private void session(String name, User user, long at) {
        store.createSession(token(name), "id-" + name, user.id(), "client-" + name, at);
    }

    private Optional<User> sessionUser(String name) {
        return store.findSession(token(name)).map(StoredSession::user);
    }

    @Test
    void a_session_token_hash_finds_its_session_and_user() {
        User alice = user("alice");
        session("a", alice, 1_000);

        assertThat(store.findSession(token("a"))).contains(new StoredSession("id-a", alice, 1_000, 1_000, "client-a"));
    }

    @Test
    void an_unknown_token_hash_finds_nobody() {
        User alice = user("alice");
        session("a", alice, tick());

        assertThat(sessionUser("b")).isEmpty();
    }

    @Test
    void a_deleted_session_no_longer_finds_its_user() {
        User alice = user("alice");
        session("a", alice, tick());

        assertThat(store.deleteSession(alice.id(), "id-a")).isTrue();
        assertThat(sessionUser("a")).isEmpty();
    }

    @Test
    void deleting_an_unknown_session_or_another_users_reports_false_and_keeps_it() {
        User alice = user("alice");
        User bob = user("bob");
        session("a", alice, tick());
        session("b", bob, tick());
        store.deleteSession(alice.id(), "id-a");

        assertThat(store.deleteSession(alice.id(), "id-a")).isFalse();
        assertThat(store.deleteSession(alice.id(), "id-never")).isFalse();
        assertThat(store.deleteSession(alice.id(), "id-b")).isFalse();
        assertThat(sessionUser("b")).contains(bob);
    }

    @Test
    void sessions_unused_since_a_cutoff_are_deleted_and_used_ones_kept() {
        User alice = user("alice");
        session("old", alice, 1_000);
        session("used", alice, 1_000);
        session("new", alice, 5_000);
        store.touchSession("id-used", 6_000);
        store.touchSession("id-used", 2_000); // last use never goes back

        assertThat(store.deleteExpiredSessions(5_000, Long.MIN_VALUE)).containsExactly("id-old");

        assertThat(sessionUser("old")).isEmpty();
        assertThat(sessionUser("used")).contains(alice);
        assertThat(sessionUser("new")).contains(alice);
        assertThat(store.deleteExpiredSessions(6_000, Long.MIN_VALUE)).containsExactly("id-new"); // last used at 5,000
        assertThat(sessionUser("used")).contains(alice);
    }

    @Test
    void sessions_created_before_a_cutoff_are_deleted_however_recently_used() {
        User alice = user("alice");
        session("old", alice, 1_000);
        session("young", alice, 5_000);
        store.touchSession("id-old", 9_000);

        assertThat(store.deleteExpiredSessions(0, 5_000)).containsExactly("id-old");
        assertThat(sessionUser("young")).contains(alice);
    }

    @Test
    void one_users_sessions_end_independently() {
        User alice = user("alice");
        User bob = user("bob");
        session("phone", alice, tick());
        session("laptop", alice, tick());
        session("bob", bob, tick());

        store.deleteSession(alice.id(), "id-phone");

        assertThat(sessionUser("phone")).isEmpty();
        assertThat(sessionUser("laptop")).contains(alice);
        assertThat(sessionUser("bob")).contains(bob);
    }

    @Test
    void a_users_sessions_are_listed_most_recently_used_first_and_only_theirs() {
        User alice = user("alice");
        User bob = user("bob");
        session("phone", alice, 1_000);
        session("laptop", alice, 2_000);
        session("bob", bob, 3_000);
        store.touchSession("id-phone", 4_000);

        assertThat(store.sessionsOf(alice.id())).containsExactly(
                new StoredSession("id-phone", alice, 1_000, 4_000, "client-phone"),
                new StoredSession("id-laptop", alice, 2_000, 2_000, "client-laptop"));
        assertThat(store.sessionsOf(user("carol").id())).isEmpty();
    }

    @Test
    void deleting_the_other_sessions_keeps_the_current_one_and_other_users() {
        User alice = user("alice");
        User bob = user("bob");
        session("phone", alice, tick());
        session("laptop", alice, tick());
        session("tablet", alice, tick());
        session("bob", bob, tick());

        assertThat(store.deleteOtherSessions(alice.id(), "id-laptop")).containsExactlyInAnyOrder("id-phone", "id-tablet");

        assertThat(store.sessionsOf(alice.id())).extracting(StoredSession::id).containsExactly("id-laptop");
        assertThat(sessionUser("bob")).contains(bob);
    }

    @Test
    void changing_the_password_replaces_the_hash_and_ends_the_other_sessions_at_once() {
        User alice = store.createUser("alice", "Alice", "hash-old", tick());
        session("phone", alice, tick());
        session("laptop", alice, tick());

        assertThat(store.changePassword(alice.id(), "hash-new", "id-laptop")).containsExactly("id-phone");

        assertThat(store.findCredentials("alice")).contains(new Credentials(alice, "hash-new"));
        assertThat(store.sessionsOf(alice.id())).extracting(StoredSession::id).containsExactly("id-laptop");
    }

    @Test
    void renaming_a_user_changes_the_name_everywhere_it_is_read() {
        User alice = user("alice", "Alice");
        User bob = user("bob");
        befriend(alice, bob);
        session("a", alice, tick());

        User renamed = store.renameUser(alice.id(), "Alice Liddell").orElseThrow();

        assertThat(renamed).isEqualTo(new User(alice.id(), "alice", "Alice Liddell"));
        assertThat(store.findUser(alice.id())).contains(renamed);
        assertThat(sessionUser("a")).contains(renamed);
        assertThat(store.contacts(bob.id())).containsExactly(renamed);
        assertThat(store.renameUser(999_999, "Nobody")).isEmpty();
    }

    @Test
    void token_hashes_are_compared_by_content_not_identity() {
        User alice = user("alice");
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) hash[i] = (byte) (i * 7 - 100);
        store.createSession(hash, "id-h", alice.id(), "", tick());

        assertThat(store.findSession(hash.clone()).map(StoredSession::user)).contains(alice);
        byte[] other = hash.clone();
        other[31]++;
        assertThat(store.findSession(other)).isEmpty();
    }

    // ================================================================ contacts

    @Test
    void a_first_request_is_pending_on_both_sides() {
        User alice = user("alice");
        User bob = user("bob");
        long at = tick();

        assertThat(store.requestContact(alice.id(), bob.id(), at)).isEqualTo(ContactRequestOutcome.REQUESTED);

        assertThat(store.outgoingRequests(alice.id())).containsExactly(new ContactRequest(bob, at));
        assertThat(store.incomingRequests(bob.id())).containsExactly(new ContactRequest(alice, at));
        assertThat(store.incomingRequests(alice.id())).isEmpty();
        assertThat(store.outgoingRequests(bob.id())).isEmpty();
        assertThat(store.areContacts(alice.id(), bob.id())).isFalse();
        assertThat(store.areContacts(bob.id(), alice.id())).isFalse();
        assertThat(store.contacts(alice.id())).isEmpty();
    }

    @Test
    void a_repeated_request_stays_requested_and_pending_once() {
        User alice = user("alice");
        User bob = user("bob");
        store.requestContact(alice.id(), bob.id(), tick());

        assertThat(store.requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);

        assertThat(store.outgoingRequests(alice.id())).hasSize(1);
        assertThat(store.incomingRequests(bob.id())).hasSize(1);
        assertThat(store.areContacts(alice.id(), bob.id())).isFalse();
    }

    @Test
    void asking_back_makes_the_two_contacts_and_clears_the_request() {
        User alice = user("alice");
        User bob = user("bob");
        store.requestContact(alice.id(), bob.id(), tick());

        assertThat(store.requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.BECAME_CONTACTS);

        assertThat(store.areContacts(alice.id(), bob.id())).isTrue();
        assertThat(store.areContacts(bob.id(), alice.id())).isTrue();
        assertThat(store.contacts(alice.id())).containsExactly(bob);
        assertThat(store.contacts(bob.id())).containsExactly(alice);
        assertThat(store.incomingRequests(alice.id())).isEmpty();
        assertThat(store.outgoingRequests(alice.id())).isEmpty();
        assertThat(store.incomingRequests(bob.id())).isEmpty();
        assertThat(store.outgoingRequests(bob.id())).isEmpty();
    }

    @Test
    void asking_an_existing_contact_again_is_already_contacts_from_either_side() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store.requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.ALREADY_CONTACTS);
        assertThat(store.requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.ALREADY_CONTACTS);

        assertThat(store.areContacts(alice.id(), bob.id())).isTrue();
        assertThat(store.outgoingRequests(alice.id())).isEmpty();
        assertThat(store.outgoingRequests(bob.id())).isEmpty();
    }

    @Test
    void strangers_are_not_contacts() {
        User alice = user("alice");
        User bob = user("bob");

        assertThat(store.areContacts(alice.id(), bob.id())).isFalse();
    }

    @Test
    void contacts_are_sorted_by_name() {
        User me = user("me");
        User carol = user("c1", "Carol");
        User alice = user("a3", "Alice");
        User bob = user("b2", "Bob");
        for (User u : List.of(carol, alice, bob)) befriend(me, u);

        assertThat(store.contacts(me.id())).containsExactly(alice, bob, carol);
    }

    @Test
    void contacts_are_sorted_by_name_without_regard_to_case() {
        User me = user("me");
        User carol = user("c1", "Carol");
        User alice = user("a3", "alice");
        User bob = user("b2", "BOB");
        for (User u : List.of(carol, bob, alice)) befriend(me, u);

        assertThat(store.contacts(me.id())).containsExactly(alice, bob, carol);
    }

    @Test
    void contacts_are_sorted_by_name_without_regard_to_case_beyond_ascii_too() {
        User me = user("me");
        User vera = user("v1", "Вера");
        User anna = user("a1", "анна");
        User boris = user("b1", "Борис");
        for (User u : List.of(vera, anna, boris)) befriend(me, u);

        assertThat(store.contacts(me.id())).containsExactly(anna, boris, vera);
    }

    @Test
    void contacts_lists_only_the_users_own_contacts() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User dave = user("dave");
        befriend(alice, bob);
        befriend(carol, dave);
        store.requestContact(alice.id(), carol.id(), tick());

        assertThat(store.contacts(alice.id())).containsExactly(bob);
        assertThat(store.contacts(carol.id())).containsExactly(dave);
    }

    @Test
    void requests_list_every_pending_request_with_the_other_user_and_its_time() {
        User me = user("me");
        User a = user("a1");
        User b = user("b1");
        User c = user("c1");
        long t1 = tick();
        store.requestContact(a.id(), me.id(), t1);
        long t2 = tick();
        store.requestContact(b.id(), me.id(), t2);
        long t3 = tick();
        store.requestContact(me.id(), c.id(), t3);

        assertThat(store.incomingRequests(me.id()))
                .containsExactlyInAnyOrder(new ContactRequest(a, t1), new ContactRequest(b, t2));
        assertThat(store.outgoingRequests(me.id())).containsExactly(new ContactRequest(c, t3));
        assertThat(store.outgoingRequests(a.id())).containsExactly(new ContactRequest(me, t1));
    }

    @Test
    void ending_a_contact_ends_it_for_both_sides() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store.removeContact(alice.id(), bob.id())).isEqualTo(ContactRemoval.CONTACT_ENDED);

        assertThat(store.areContacts(alice.id(), bob.id())).isFalse();
        assertThat(store.areContacts(bob.id(), alice.id())).isFalse();
        assertThat(store.contacts(alice.id())).isEmpty();
        assertThat(store.contacts(bob.id())).isEmpty();
    }

    @Test
    void either_side_can_end_a_contact() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store.removeContact(bob.id(), alice.id())).isEqualTo(ContactRemoval.CONTACT_ENDED);

        assertThat(store.areContacts(alice.id(), bob.id())).isFalse();
    }

    @Test
    void withdrawing_ones_own_request_removes_it() {
        User alice = user("alice");
        User bob = user("bob");
        store.requestContact(alice.id(), bob.id(), tick());

        assertThat(store.removeContact(alice.id(), bob.id())).isEqualTo(ContactRemoval.REQUEST_REMOVED);

        assertThat(store.outgoingRequests(alice.id())).isEmpty();
        assertThat(store.incomingRequests(bob.id())).isEmpty();
    }

    @Test
    void declining_an_incoming_request_removes_it() {
        User alice = user("alice");
        User bob = user("bob");
        store.requestContact(alice.id(), bob.id(), tick());

        assertThat(store.removeContact(bob.id(), alice.id())).isEqualTo(ContactRemoval.REQUEST_REMOVED);

        assertThat(store.outgoingRequests(alice.id())).isEmpty();
        assertThat(store.incomingRequests(bob.id())).isEmpty();
        assertThat(store.areContacts(alice.id(), bob.id())).isFalse();
    }

    @Test
    void removing_when_there_is_nothing_between_two_users_is_nothing() {
        User alice = user("alice");
        User bob = user("bob");

        assertThat(store.removeContact(alice.id(), bob.id())).isEqualTo(ContactRemoval.NOTHING);
    }

    @Test
    void removing_twice_is_nothing_the_second_time() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store.removeContact(alice.id(), bob.id());

        assertThat(store.removeContact(alice.id(), bob.id())).isEqualTo(ContactRemoval.NOTHING);
        assertThat(store.removeContact(bob.id(), alice.id())).isEqualTo(ContactRemoval.NOTHING);
    }

    @Test
    void removing_leaves_the_users_other_contacts_and_requests_alone() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User dave = user("dave");
        befriend(alice, bob);
        befriend(alice, carol);
        store.requestContact(dave.id(), alice.id(), tick());

        store.removeContact(alice.id(), bob.id());

        assertThat(store.contacts(alice.id())).containsExactly(carol);
        assertThat(store.incomingRequests(alice.id())).extracting(ContactRequest::user).containsExactly(dave);
    }

    @Test
    void after_a_contact_ended_a_new_request_is_pending_again() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store.removeContact(alice.id(), bob.id());

        assertThat(store.requestContact(bob.id(), alice.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);
        assertThat(store.requestContact(alice.id(), bob.id(), tick())).isEqualTo(ContactRequestOutcome.BECAME_CONTACTS);
    }

    // ================================================================ storing messages

    @Test
    void the_first_message_of_a_pair_gets_seq_1_and_creates_both_chat_boxes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        long sentAt = tick();

        List<AppendOutcome> outcomes = store.appendMessages(List.of(new NewMessage(alice.id(), bob.id(), "hello", "c-1", sentAt)));

        assertThat(outcomes).hasSize(1);
        AppendOutcome.Stored s = (AppendOutcome.Stored) outcomes.getFirst();
        assertThat(s.senderChatCreated()).isTrue();
        assertThat(s.recipientChatCreated()).isTrue();
        Message m = s.message();
        assertThat(m.seq()).isEqualTo(1);
        assertThat(m.from()).isEqualTo(alice.id());
        assertThat(m.to()).isEqualTo(bob.id());
        assertThat(m.text()).isEqualTo("hello");
        assertThat(m.sentAt()).isEqualTo(sentAt);
        assertThat(m.clientId()).isEqualTo("c-1");
        assertThat(m.id()).isPositive();
        assertThat(store.findChat(alice.id(), bob.id())).isPresent();
        assertThat(store.findChat(bob.id(), alice.id())).isPresent();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(m);
        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
    }

    @Test
    void a_message_without_a_client_id_keeps_it_null() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        Message m = send(alice, bob, "hi");

        assertThat(m.clientId()).isNull();
        assertThat(newest(bob, alice, 50).messages().getFirst().clientId()).isNull();
    }

    @Test
    void later_messages_create_no_chat_box() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");

        AppendOutcome.Stored reply = stored(bob, alice, "2", null);
        AppendOutcome.Stored again = stored(alice, bob, "3", null);

        assertThat(reply.senderChatCreated()).isFalse();
        assertThat(reply.recipientChatCreated()).isFalse();
        assertThat(again.senderChatCreated()).isFalse();
        assertThat(again.recipientChatCreated()).isFalse();
    }

    @Test
    void seq_counts_1_2_3_per_pair_whoever_sends() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        List<Message> sent = List.of(send(alice, bob, "a"), send(bob, alice, "b"), send(bob, alice, "c"),
                send(alice, bob, "d"), send(alice, bob, "e"));

        assertThat(sent).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seqs(newest(alice, bob, 50))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(newest(bob, alice, 50).messages()).isEqualTo(sent);
    }

    @Test
    void separate_pairs_number_their_messages_independently() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        befriend(bob, carol);

        assertThat(send(alice, bob, "ab1").seq()).isEqualTo(1);
        assertThat(send(alice, carol, "ac1").seq()).isEqualTo(1);
        assertThat(send(bob, alice, "ab2").seq()).isEqualTo(2);
        assertThat(send(carol, bob, "bc1").seq()).isEqualTo(1);
        assertThat(send(carol, alice, "ac2").seq()).isEqualTo(2);
        assertThat(send(alice, bob, "ab3").seq()).isEqualTo(3);

        assertThat(newest(alice, bob, 50).messages()).extracting(Message::text).containsExactly("ab1", "ab2", "ab3");
        assertThat(newest(alice, carol, 50).messages()).extracting(Message::text).containsExactly("ac1", "ac2");
        assertThat(newest(carol, bob, 50).messages()).extracting(Message::text).containsExactly("bc1");
    }

    @Test
    void message_ids_are_unique_across_pairs() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);

        List<Long> ids = List.of(send(alice, bob, "1").id(), send(alice, carol, "1").id(),
                send(bob, alice, "2").id(), send(carol, alice, "2").id());

        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void text_is_stored_and_returned_exactly_as_sent() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        String tricky = "  leading and trailing  \n\ttabs, \r\nCRLF, 'quotes' \"double\" \\ % _ ; -- DROP TABLE users; "
                + "e\u0301 é 🦊👩‍👩‍👧 \uFEFF end ";
        String longest = "😀".repeat(4000);

        Message a = send(alice, bob, tricky);
        Message b = send(alice, bob, longest);

        assertThat(a.text()).isEqualTo(tricky);
        assertThat(newest(bob, alice, 50).messages()).extracting(Message::text).containsExactly(tricky, longest);
        assertThat(b.text()).isEqualTo(longest);
    }

    @Test
    void text_with_control_characters_including_nul_is_stored_exactly() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        String text = "a\u0000b\u0001c\u007f\u0085d";

        Message m = send(alice, bob, text);

        assertThat(m.text()).isEqualTo(text);
        assertThat(newest(bob, alice, 50).messages().getFirst().text()).isEqualTo(text);
    }

    @Test
    void an_empty_batch_stores_nothing() {
        assertThat(store.appendMessages(List.of())).isEmpty();
    }

    @Test
    void concurrent_appends_to_one_pair_get_distinct_gapless_seqs() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Callable<List<Long>> work = () -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        User from = n % 2 == 0 ? alice : bob;
                        User to = n % 2 == 0 ? bob : alice;
                        AppendOutcome o = store.appendMessages(List.of(new NewMessage(from.id(), to.id(), "t" + n + "-" + i,
                                "t" + n + "-" + i, 1_000L + i))).getFirst();
                        mine.add(((AppendOutcome.Stored) o).message().seq());
                    }
                    return mine;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get(60, TimeUnit.SECONDS);
                assertThat(mine).isSorted();
                all.addAll(mine);
            }
            Collections.sort(all);
            assertThat(all).isEqualTo(seqs(1, threads * perThread));
            assertThat(seqs(newest(alice, bob, 500))).isEqualTo(seqs(1, threads * perThread));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- clientId

    @Test
    void a_repeated_client_id_returns_the_first_message_and_stores_nothing() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "hello", "abc");

        AppendOutcome again = append(alice, bob, "hello again", "abc");

        assertThat(again).isEqualTo(new AppendOutcome.Duplicate(first));
        assertThat(newest(bob, alice, 50).messages()).containsExactly(first);
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
        assertThat(send(alice, bob, "next").seq()).isEqualTo(2);
    }

    @Test
    void a_repeated_client_id_does_not_touch_the_chat_boxes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "hello", "abc");
        ChatBox aliceBefore = chat(alice, bob);
        ChatBox bobBefore = chat(bob, alice);

        append(alice, bob, "hello", "abc");

        assertThat(chat(alice, bob)).isEqualTo(aliceBefore);
        assertThat(chat(bob, alice)).isEqualTo(bobBefore);
    }

    @Test
    void a_client_id_repeated_to_another_peer_returns_the_first_message_and_creates_no_box() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        Message first = send(alice, bob, "for bob", "abc");

        AppendOutcome again = append(alice, carol, "for carol", "abc");

        assertThat(again).isEqualTo(new AppendOutcome.Duplicate(first));
        assertThat(store.findChat(alice.id(), carol.id())).isEmpty();
        assertThat(store.findChat(carol.id(), alice.id())).isEmpty();
        assertThat(send(alice, carol, "really for carol").seq()).isEqualTo(1);
    }

    @Test
    void the_same_client_id_from_a_different_sender_is_a_new_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message fromAlice = send(alice, bob, "one", "same");

        AppendOutcome fromBob = append(bob, alice, "two", "same");

        assertThat(fromBob).isInstanceOf(AppendOutcome.Stored.class);
        Message m = ((AppendOutcome.Stored) fromBob).message();
        assertThat(m.seq()).isEqualTo(2);
        assertThat(m.from()).isEqualTo(bob.id());
        assertThat(m.id()).isNotEqualTo(fromAlice.id());
        assertThat(newest(alice, bob, 50).messages()).hasSize(2);
    }

    @Test
    void client_ids_are_case_sensitive() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "one", "abc");

        assertThat(append(alice, bob, "two", "ABC")).isInstanceOf(AppendOutcome.Stored.class);
    }

    @Test
    void messages_without_a_client_id_are_never_duplicates() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        send(alice, bob, "same text");
        send(alice, bob, "same text");

        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L);
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_even_after_the_contact_ended() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "hello", "abc");
        store.removeContact(bob.id(), alice.id());

        assertThat(append(alice, bob, "hello", "abc")).isEqualTo(new AppendOutcome.Duplicate(first));
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_even_after_the_sender_deleted_the_chat() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "hello", "abc");
        store.deleteChat(alice.id(), bob.id());

        assertThat(append(alice, bob, "hello", "abc")).isEqualTo(new AppendOutcome.Duplicate(first));
        assertThat(store.findChat(alice.id(), bob.id())).isEmpty();
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void a_message_to_a_stranger_is_rejected_as_not_contact_and_stores_nothing() {
        User alice = user("alice");
        User bob = user("bob");

        AppendOutcome outcome = append(alice, bob, "hi", "c1");

        assertThat(outcome).isInstanceOf(AppendOutcome.Rejected.class);
        assertThat(((AppendOutcome.Rejected) outcome).code()).isEqualTo(ErrorCode.NOT_CONTACT);
        assertThat(store.findChat(alice.id(), bob.id())).isEmpty();
        assertThat(store.findChat(bob.id(), alice.id())).isEmpty();
        assertThat(store.listChats(alice.id())).isEmpty();
        assertThat(store.listChats(bob.id())).isEmpty();
    }

    @Test
    void a_message_to_someone_who_only_was_asked_is_rejected_as_not_contact() {
        User alice = user("alice");
        User bob = user("bob");
        store.requestContact(alice.id(), bob.id(), tick());

        AppendOutcome outcome = append(alice, bob, "hi", null);

        assertThat(((AppendOutcome.Rejected) outcome).code()).isEqualTo(ErrorCode.NOT_CONTACT);
    }

    @Test
    void a_message_to_a_missing_user_is_rejected_as_no_such_user() {
        User alice = user("alice");

        AppendOutcome outcome = store.appendMessages(List.of(new NewMessage(alice.id(), alice.id() + 999, "hi", null, tick()))).getFirst();

        assertThat(outcome).isInstanceOf(AppendOutcome.Rejected.class);
        assertThat(((AppendOutcome.Rejected) outcome).code()).isEqualTo(ErrorCode.NO_SUCH_USER);
        assertThat(store.listChats(alice.id())).isEmpty();
    }

    @Test
    void a_rejected_message_consumes_no_seq_and_no_client_id() {
        User alice = user("alice");
        User bob = user("bob");
        assertThat(append(alice, bob, "too early", "c1")).isInstanceOf(AppendOutcome.Rejected.class);
        befriend(alice, bob);

        Message m = send(alice, bob, "now", "c1");

        assertThat(m.seq()).isEqualTo(1);
        assertThat(m.text()).isEqualTo("now");
        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
    }

    @Test
    void after_a_contact_ended_messages_are_rejected_but_both_histories_stay_readable() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message m = send(alice, bob, "hello");
        store.removeContact(alice.id(), bob.id());

        AppendOutcome outcome = append(bob, alice, "still there?", null);

        assertThat(((AppendOutcome.Rejected) outcome).code()).isEqualTo(ErrorCode.NOT_CONTACT);
        assertThat(newest(alice, bob, 50).messages()).containsExactly(m);
        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
    }

    @Test
    void a_batch_gives_one_outcome_per_message_in_order() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User stranger = user("stranger");
        befriend(alice, bob);
        befriend(bob, carol);
        Message earlier = send(alice, bob, "earlier", "e1");

        List<AppendOutcome> outcomes = store.appendMessages(List.of(
                new NewMessage(alice.id(), bob.id(), "a", "x1", tick()),          // stored, seq 2
                new NewMessage(alice.id(), stranger.id(), "b", "x2", tick()),     // not a contact
                new NewMessage(alice.id(), bob.id(), "earlier again", "e1", tick()), // duplicate of an older one
                new NewMessage(bob.id(), alice.id(), "c", "x1", tick()),          // bob's own x1: stored, seq 3
                new NewMessage(alice.id(), bob.id(), "a again", "x1", tick()),    // duplicate within the batch
                new NewMessage(carol.id(), alice.id() + 999, "d", null, tick()),  // no such user
                new NewMessage(carol.id(), bob.id(), "e", null, tick()),          // stored, seq 1 of bob-carol
                new NewMessage(alice.id(), bob.id(), "f", null, tick())));        // stored, seq 4

        assertThat(outcomes).hasSize(8);
        Message a = ((AppendOutcome.Stored) outcomes.get(0)).message();
        assertThat(a.seq()).isEqualTo(2);
        assertThat(((AppendOutcome.Rejected) outcomes.get(1)).code()).isEqualTo(ErrorCode.NOT_CONTACT);
        assertThat(outcomes.get(2)).isEqualTo(new AppendOutcome.Duplicate(earlier));
        assertThat(((AppendOutcome.Stored) outcomes.get(3)).message().seq()).isEqualTo(3);
        assertThat(outcomes.get(4)).isEqualTo(new AppendOutcome.Duplicate(a));
        assertThat(((AppendOutcome.Rejected) outcomes.get(5)).code()).isEqualTo(ErrorCode.NO_SUCH_USER);
        AppendOutcome.Stored e = (AppendOutcome.Stored) outcomes.get(6);
        assertThat(e.message().seq()).isEqualTo(1);
        assertThat(e.senderChatCreated()).isTrue();
        assertThat(e.recipientChatCreated()).isTrue();
        assertThat(((AppendOutcome.Stored) outcomes.get(7)).message().seq()).isEqualTo(4);

        assertThat(newest(bob, alice, 50).messages()).extracting(Message::text).containsExactly("earlier", "a", "c", "f");
        assertThat(newest(bob, carol, 50).messages()).extracting(Message::text).containsExactly("e");
        assertThat(store.findChat(alice.id(), stranger.id())).isEmpty();
        assertThat(store.findChat(stranger.id(), alice.id())).isEmpty();
    }

    @Test
    void a_batch_creates_each_missing_box_only_once() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        List<AppendOutcome> outcomes = store.appendMessages(List.of(
                new NewMessage(alice.id(), bob.id(), "1", null, tick()),
                new NewMessage(bob.id(), alice.id(), "2", null, tick())));

        AppendOutcome.Stored first = (AppendOutcome.Stored) outcomes.get(0);
        AppendOutcome.Stored second = (AppendOutcome.Stored) outcomes.get(1);
        assertThat(first.senderChatCreated()).isTrue();
        assertThat(first.recipientChatCreated()).isTrue();
        assertThat(second.senderChatCreated()).isFalse();
        assertThat(second.recipientChatCreated()).isFalse();
        assertThat(store.listChats(alice.id())).hasSize(1);
    }

    // ================================================================ unread and read marks

    @Test
    void unread_counts_only_the_peers_messages_above_the_read_mark() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(alice, bob, "2");
        send(alice, bob, "3");

        assertThat(chat(bob, alice).unread()).isEqualTo(3);
        assertThat(chat(alice, bob).unread()).isZero();

        send(bob, alice, "4");

        assertThat(chat(bob, alice).unread()).isEqualTo(3);
        assertThat(chat(alice, bob).unread()).isEqualTo(1);
    }

    @Test
    void reading_lowers_the_unread_count() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 1);
        send(alice, bob, "2");
        send(alice, bob, "3");

        assertThat(store.markRead(bob.id(), alice.id(), 2)).contains(new ReadOutcome(2, true));

        ChatBox box = chat(bob, alice);
        assertThat(box.readMark()).isEqualTo(2);
        assertThat(box.unread()).isEqualTo(1);
        assertThat(store.markRead(bob.id(), alice.id(), 3)).contains(new ReadOutcome(3, true));
        assertThat(chat(bob, alice).unread()).isZero();
    }

    @Test
    void reading_ones_own_messages_leaves_unread_at_the_peers_count() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(bob, alice, "2");
        send(alice, bob, "3");

        store.markRead(bob.id(), alice.id(), 2);

        assertThat(chat(bob, alice).unread()).isEqualTo(1);
    }

    @Test
    void the_read_mark_never_moves_down() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);
        store.markRead(bob.id(), alice.id(), 4);

        assertThat(store.markRead(bob.id(), alice.id(), 2)).contains(new ReadOutcome(4, false));
        assertThat(store.markRead(bob.id(), alice.id(), 4)).contains(new ReadOutcome(4, false));
        assertThat(store.markRead(bob.id(), alice.id(), 0)).contains(new ReadOutcome(4, false));
        assertThat(chat(bob, alice).readMark()).isEqualTo(4);
    }

    @Test
    void the_read_mark_stops_at_the_pairs_last_seq() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);

        assertThat(store.markRead(bob.id(), alice.id(), 1_000)).contains(new ReadOutcome(3, true));
        assertThat(chat(bob, alice).readMark()).isEqualTo(3);
        assertThat(store.markRead(bob.id(), alice.id(), Long.MAX_VALUE)).contains(new ReadOutcome(3, false));

        send(alice, bob, "4");

        assertThat(chat(bob, alice).unread()).isEqualTo(1);
    }

    @Test
    void reading_an_empty_box_leaves_the_mark_where_it_is() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store.createChat(alice.id(), bob.id(), tick());

        Long mark = chat(alice, bob).readMark();

        assertThat(store.markRead(alice.id(), bob.id(), 10)).contains(new ReadOutcome(mark, false));
    }

    @Test
    void reading_without_a_chat_box_is_empty() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store.markRead(alice.id(), bob.id(), 1)).isEmpty();

        send(alice, bob, "1");
        store.deleteChat(bob.id(), alice.id());

        assertThat(store.markRead(bob.id(), alice.id(), 1)).isEmpty();
    }

    @Test
    void one_sides_read_mark_does_not_move_the_other_sides() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 4);
        long aliceMark = chat(alice, bob).readMark();

        store.markRead(bob.id(), alice.id(), 4);

        assertThat(chat(alice, bob).readMark()).isEqualTo(aliceMark);
        assertThat(chat(alice, bob).unread()).isEqualTo(2);
    }

    @Test
    void a_chat_box_shows_the_peers_read_mark() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 1);
        send(alice, bob, "2");
        send(alice, bob, "3");

        store.markRead(bob.id(), alice.id(), 2);

        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(2);
        assertThat(chat(bob, alice).readMark()).isEqualTo(2);
        assertThat(store.listChats(alice.id()).getFirst().peerReadMark()).isEqualTo(2);
    }

    @Test
    void a_chat_box_tells_whether_its_peer_is_a_contact_now() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        assertThat(chat(alice, bob).peerIsContact()).isTrue();
        assertThat(store.listChats(bob.id()).getFirst().peerIsContact()).isTrue();

        store.removeContact(bob.id(), alice.id());

        assertThat(chat(alice, bob).peerIsContact()).isFalse();
        assertThat(store.listChats(bob.id()).getFirst().peerIsContact()).isFalse();
    }

    @Test
    void the_peers_read_mark_outlives_the_peer_deleting_their_box() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(alice, bob, "2");
        store.markRead(bob.id(), alice.id(), 2);

        store.deleteChat(bob.id(), alice.id());

        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(2);
    }

    @Test
    void a_new_box_learns_how_far_the_peer_has_read() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        store.markRead(bob.id(), alice.id(), 1);
        store.deleteChat(alice.id(), bob.id());

        store.createChat(alice.id(), bob.id(), tick());

        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(1);
    }

    @Test
    void the_peers_read_mark_is_0_when_the_peer_has_no_chat_box() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store.createChat(alice.id(), bob.id(), tick());

        assertThat(chat(alice, bob).peerReadMark()).isZero();

        send(alice, bob, "1");
        store.deleteChat(bob.id(), alice.id());

        assertThat(chat(alice, bob).peerReadMark()).isZero();
    }

    @Test
    void a_box_created_by_an_incoming_message_starts_unread_at_that_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        Message m = send(alice, bob, "hi");

        ChatBox bobs = chat(bob, alice);
        assertThat(bobs.unread()).isEqualTo(1);
        assertThat(bobs.readMark()).isLessThan(m.seq());
        assertThat(chat(alice, bob).unread()).isZero();
    }

    // ================================================================ history

    @Test
    void history_without_a_cursor_returns_the_newest_page_in_ascending_seq() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage page = newest(bob, alice, 3);

        assertThat(seqs(page)).containsExactly(8L, 9L, 10L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void history_without_a_cursor_has_no_more_when_the_page_holds_everything() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);

        assertThat(newest(bob, alice, 5).hasMore()).isFalse();
        assertThat(seqs(newest(bob, alice, 5))).isEqualTo(seqs(1, 5));
        assertThat(newest(bob, alice, 200).hasMore()).isFalse();
        assertThat(newest(bob, alice, 4).hasMore()).isTrue();
    }

    @Test
    void history_before_returns_the_newest_messages_below_the_cursor() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage page = history(alice, bob, 8L, null, 3);

        assertThat(seqs(page)).containsExactly(5L, 6L, 7L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void history_before_has_no_more_at_the_start_of_the_copy() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage exact = history(alice, bob, 4L, null, 3);
        assertThat(seqs(exact)).containsExactly(1L, 2L, 3L);
        assertThat(exact.hasMore()).isFalse();

        HistoryPage shortPage = history(alice, bob, 3L, null, 5);
        assertThat(seqs(shortPage)).containsExactly(1L, 2L);
        assertThat(shortPage.hasMore()).isFalse();

        HistoryPage none = history(alice, bob, 1L, null, 5);
        assertThat(none.messages()).isEmpty();
        assertThat(none.hasMore()).isFalse();
    }

    @Test
    void history_before_a_cursor_past_the_end_returns_the_newest_page() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);

        assertThat(seqs(history(alice, bob, 1_000L, null, 2))).containsExactly(4L, 5L);
    }

    @Test
    void history_after_returns_the_oldest_messages_above_the_cursor() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage page = history(bob, alice, null, 3L, 4);

        assertThat(seqs(page)).containsExactly(4L, 5L, 6L, 7L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void history_after_has_no_more_at_the_newest_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage exact = history(bob, alice, null, 7L, 3);
        assertThat(seqs(exact)).containsExactly(8L, 9L, 10L);
        assertThat(exact.hasMore()).isFalse();

        HistoryPage none = history(bob, alice, null, 10L, 3);
        assertThat(none.messages()).isEmpty();
        assertThat(none.hasMore()).isFalse();

        HistoryPage fromZero = history(bob, alice, null, 0L, 50);
        assertThat(seqs(fromZero)).isEqualTo(seqs(1, 10));
        assertThat(fromZero.hasMore()).isFalse();
    }

    @Test
    void paging_back_with_before_visits_every_message_once() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 23);

        List<Long> seen = new ArrayList<>();
        HistoryPage page = newest(alice, bob, 5);
        seen.addAll(0, seqs(page));
        while (page.hasMore()) {
            page = history(alice, bob, page.messages().getFirst().seq(), null, 5);
            seen.addAll(0, seqs(page));
        }

        assertThat(seen).isEqualTo(seqs(1, 23));
    }

    @Test
    void paging_forward_with_after_visits_every_message_once() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 23);

        List<Long> seen = new ArrayList<>();
        HistoryPage page = history(bob, alice, null, 0L, 5);
        seen.addAll(seqs(page));
        while (page.hasMore()) {
            page = history(bob, alice, null, page.messages().getLast().seq(), 5);
            seen.addAll(seqs(page));
        }

        assertThat(seen).isEqualTo(seqs(1, 23));
    }

    @Test
    void history_is_empty_without_a_chat_box() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);

        assertThat(store.history(alice.id(), bob.id(), new HistoryQuery(null, null, 50))).isEmpty();
        assertThat(store.history(alice.id(), carol.id(), new HistoryQuery(null, null, 50))).isEmpty();
    }

    @Test
    void nobody_has_a_chat_box_with_themselves() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");

        assertThat(store.findChat(alice.id(), alice.id())).isEmpty();
        assertThat(store.history(alice.id(), alice.id(), new HistoryQuery(null, null, 50))).isEmpty();
        assertThat(store.markRead(alice.id(), alice.id(), 1)).isEmpty();
        assertThat(store.deleteChat(alice.id(), alice.id())).isFalse();
    }

    @Test
    void history_is_only_the_owners_copy() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store.createChat(bob.id(), alice.id(), tick());
        store.deleteChat(alice.id(), bob.id());

        assertThat(store.history(alice.id(), bob.id(), new HistoryQuery(null, null, 50))).isEmpty();
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void history_of_one_pair_never_shows_another_pairs_messages() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        befriend(bob, carol);
        send(alice, bob, "ab");
        send(alice, carol, "ac");
        send(bob, carol, "bc");
        send(carol, alice, "ca");

        assertThat(newest(alice, bob, 50).messages()).extracting(Message::text).containsExactly("ab");
        assertThat(newest(alice, carol, 50).messages()).extracting(Message::text).containsExactly("ac", "ca");
        assertThat(newest(bob, carol, 50).messages()).extracting(Message::text).containsExactly("bc");
    }

    // ================================================================ deleting chat boxes

    @Test
    void deleting_a_chat_box_removes_it_for_its_owner_only() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        List<Message> sent = conversation(alice, bob, 3);
        send(alice, bob, "4");
        ChatBox bobsBefore = chat(bob, alice);

        assertThat(store.deleteChat(alice.id(), bob.id())).isTrue();

        assertThat(store.findChat(alice.id(), bob.id())).isEmpty();
        assertThat(store.listChats(alice.id())).isEmpty();
        assertThat(store.history(alice.id(), bob.id(), new HistoryQuery(null, null, 50))).isEmpty();
        // PROTOCOL.md §4: the peer's box, history and unread count do not change.
        ChatBox bobsAfter = chat(bob, alice);
        assertThat(bobsAfter).isEqualTo(bobsBefore);
        assertThat(bobsAfter.unread()).isEqualTo(3);
        assertThat(newest(bob, alice, 50).messages()).startsWith(sent.toArray(Message[]::new)).hasSize(4);
        assertThat(store.listChats(bob.id())).hasSize(1);
    }

    @Test
    void deleting_a_missing_chat_box_reports_false() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store.deleteChat(alice.id(), bob.id())).isFalse();

        send(alice, bob, "1");
        assertThat(store.deleteChat(alice.id(), bob.id())).isTrue();
        assertThat(store.deleteChat(alice.id(), bob.id())).isFalse();
    }

    @Test
    void a_later_message_from_the_peer_recreates_the_box_holding_only_messages_from_then_on() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store.deleteChat(alice.id(), bob.id());
        ChatBox bobsBefore = chat(bob, alice);

        AppendOutcome.Stored s = stored(bob, alice, "back again", null);

        assertThat(s.message().seq()).isEqualTo(4);
        assertThat(s.recipientChatCreated()).isTrue();
        assertThat(s.senderChatCreated()).isFalse();
        HistoryPage page = newest(alice, bob, 50);
        assertThat(page.messages()).containsExactly(s.message());
        assertThat(page.hasMore()).isFalse();
        ChatBox alices = chat(alice, bob);
        assertThat(alices.unread()).isEqualTo(1);
        assertThat(alices.lastMessage()).isEqualTo(s.message());
        ChatBox bobsAfter = chat(bob, alice);
        assertThat(bobsAfter.unread()).isEqualTo(bobsBefore.unread());
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void a_later_message_from_the_owner_recreates_the_box_holding_only_messages_from_then_on() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store.deleteChat(alice.id(), bob.id());

        AppendOutcome.Stored s = stored(alice, bob, "me again", null);

        assertThat(s.message().seq()).isEqualTo(4);
        assertThat(s.senderChatCreated()).isTrue();
        assertThat(s.recipientChatCreated()).isFalse();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(s.message());
        assertThat(chat(alice, bob).unread()).isZero();
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void no_cursor_reaches_messages_from_before_a_deletion() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);
        store.deleteChat(bob.id(), alice.id());
        send(alice, bob, "6");
        send(alice, bob, "7");

        assertThat(seqs(history(bob, alice, null, 0L, 50))).containsExactly(6L, 7L);
        assertThat(history(bob, alice, null, 0L, 50).hasMore()).isFalse();
        HistoryPage back = history(bob, alice, 6L, null, 50);
        assertThat(back.messages()).isEmpty();
        assertThat(back.hasMore()).isFalse();
        assertThat(history(bob, alice, 7L, null, 1).hasMore()).isFalse();
        assertThat(seqs(history(bob, alice, null, 2L, 50))).containsExactly(6L, 7L);
        assertThat(newest(bob, alice, 1).hasMore()).isTrue();
        assertThat(newest(bob, alice, 2).hasMore()).isFalse();
    }

    @Test
    void unread_after_a_deletion_counts_only_the_new_messages() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        for (int i = 0; i < 5; i++) send(alice, bob, "old " + i);
        store.deleteChat(bob.id(), alice.id());

        send(alice, bob, "new 1");
        send(alice, bob, "new 2");

        assertThat(chat(bob, alice).unread()).isEqualTo(2);
    }

    @Test
    void reading_a_recreated_box_works_from_its_new_start() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 4);
        store.deleteChat(bob.id(), alice.id());
        send(alice, bob, "5");
        send(alice, bob, "6");

        assertThat(store.markRead(bob.id(), alice.id(), 5)).contains(new ReadOutcome(5, true));
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(5);
    }

    @Test
    void both_sides_can_delete_and_a_later_message_recreates_both() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 2);
        store.deleteChat(alice.id(), bob.id());
        store.deleteChat(bob.id(), alice.id());

        AppendOutcome.Stored s = stored(bob, alice, "3", null);

        assertThat(s.message().seq()).isEqualTo(3);
        assertThat(s.senderChatCreated()).isTrue();
        assertThat(s.recipientChatCreated()).isTrue();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(s.message());
        assertThat(newest(bob, alice, 50).messages()).containsExactly(s.message());
    }

    // ================================================================ creating chat boxes

    @Test
    void creating_a_chat_box_makes_an_empty_one() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        long now = tick();

        assertThat(store.createChat(alice.id(), bob.id(), now)).isTrue();

        ChatBox box = chat(alice, bob);
        assertThat(box.ownerId()).isEqualTo(alice.id());
        assertThat(box.peer()).isEqualTo(bob);
        assertThat(box.unread()).isZero();
        assertThat(box.lastMessage()).isNull();
        assertThat(box.updatedAt()).isEqualTo(now);
        HistoryPage page = newest(alice, bob, 50);
        assertThat(page.messages()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void creating_a_chat_box_does_not_create_the_peers() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        store.createChat(alice.id(), bob.id(), tick());

        assertThat(store.findChat(bob.id(), alice.id())).isEmpty();
        assertThat(store.listChats(bob.id())).isEmpty();
    }

    @Test
    void creating_an_existing_chat_box_reports_false_and_keeps_it_as_it_was() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        ChatBox before = chat(bob, alice);

        assertThat(store.createChat(bob.id(), alice.id(), tick())).isFalse();

        assertThat(chat(bob, alice)).isEqualTo(before);
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_chat_box_created_after_a_deletion_starts_empty_and_hides_older_messages() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store.deleteChat(bob.id(), alice.id());

        assertThat(store.createChat(bob.id(), alice.id(), tick())).isTrue();

        ChatBox box = chat(bob, alice);
        assertThat(box.unread()).isZero();
        assertThat(box.lastMessage()).isNull();
        assertThat(newest(bob, alice, 50).messages()).isEmpty();
        assertThat(history(bob, alice, null, 0L, 50).messages()).isEmpty();
        assertThat(store.listChats(bob.id()).getFirst().lastMessage()).isNull();

        Message m = send(alice, bob, "4");

        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
        assertThat(chat(bob, alice).lastMessage()).isEqualTo(m);
    }

    @Test
    void a_first_message_into_a_created_box_creates_only_the_recipients() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store.createChat(alice.id(), bob.id(), tick());

        AppendOutcome.Stored s = stored(alice, bob, "hi", null);

        assertThat(s.message().seq()).isEqualTo(1);
        assertThat(s.senderChatCreated()).isFalse();
        assertThat(s.recipientChatCreated()).isTrue();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(s.message());
    }

    @Test
    void ending_a_contact_keeps_both_chat_boxes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        store.removeContact(alice.id(), bob.id());

        assertThat(store.findChat(alice.id(), bob.id())).isPresent();
        assertThat(store.listChats(bob.id())).hasSize(1);
    }

    // ================================================================ listing chat boxes

    @Test
    void chat_boxes_are_listed_latest_activity_first() {
        User me = user("me");
        User b = user("b1");
        User c = user("c1");
        User d = user("d1");
        for (User u : List.of(b, c, d)) befriend(me, u);
        send(me, b, "to b");
        store.createChat(me.id(), c.id(), tick());
        send(d, me, "from d");

        assertThat(peers(store.listChats(me.id()))).containsExactly(d.id(), c.id(), b.id());

        send(b, me, "b again");

        assertThat(peers(store.listChats(me.id()))).containsExactly(b.id(), d.id(), c.id());

        send(me, c, "to c");

        assertThat(peers(store.listChats(me.id()))).containsExactly(c.id(), b.id(), d.id());
    }

    @Test
    void reading_is_not_activity_that_reorders_the_list() {
        User me = user("me");
        User b = user("b1");
        User c = user("c1");
        befriend(me, b);
        befriend(me, c);
        send(b, me, "1");
        send(c, me, "2");

        store.markRead(me.id(), b.id(), 1);

        assertThat(peers(store.listChats(me.id()))).containsExactly(c.id(), b.id());
    }

    @Test
    void a_listed_chat_box_carries_its_peer_last_message_unread_and_time() {
        User me = user("me");
        User bob = user("bob", "Bob Builder");
        User carol = user("carol", "Carol");
        befriend(me, bob);
        befriend(me, carol);
        send(me, bob, "1");
        Message last = send(bob, me, "2");
        long created = tick();
        store.createChat(me.id(), carol.id(), created);

        List<ChatBox> chats = store.listChats(me.id());

        assertThat(chats).hasSize(2);
        ChatBox withCarol = chats.get(0);
        assertThat(withCarol.ownerId()).isEqualTo(me.id());
        assertThat(withCarol.peer()).isEqualTo(carol);
        assertThat(withCarol.lastMessage()).isNull();
        assertThat(withCarol.unread()).isZero();
        assertThat(withCarol.updatedAt()).isEqualTo(created);
        ChatBox withBob = chats.get(1);
        assertThat(withBob.peer()).isEqualTo(bob);
        assertThat(withBob.lastMessage()).isEqualTo(last);
        assertThat(withBob.unread()).isEqualTo(1);
        assertThat(withBob.updatedAt()).isEqualTo(last.sentAt());
        assertThat(chats).containsExactly(chat(me, carol), chat(me, bob));
    }

    @Test
    void the_last_message_is_the_newest_whoever_sent_it() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        Message second = send(bob, alice, "2");

        assertThat(chat(alice, bob).lastMessage()).isEqualTo(second);
        assertThat(chat(bob, alice).lastMessage()).isEqualTo(second);
    }

    @Test
    void a_user_without_chat_boxes_lists_none() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store.createChat(bob.id(), alice.id(), tick());

        assertThat(store.listChats(alice.id())).isEmpty();
        assertThat(store.listChats(bob.id())).hasSize(1);
    }

    // ================================================================ durability and schema

    @Test
    void everything_survives_closing_and_reopening() {
        User alice = store.createUser("alice", "Alice", "hash-a", tick());
        User bob = user("bob");
        User carol = user("carol");
        session("a", alice, tick());
        befriend(alice, bob);
        store.requestContact(carol.id(), alice.id(), tick());
        List<Message> sent = conversation(alice, bob, 3);
        Message withId = send(alice, bob, "4", "cid-4");
        store.markRead(bob.id(), alice.id(), 2);
        List<ChatBox> alicesChats = store.listChats(alice.id());
        List<ChatBox> bobsChats = store.listChats(bob.id());

        reopen();

        assertThat(store.findUser(alice.id())).contains(alice);
        assertThat(store.findCredentials("alice")).contains(new Credentials(alice, "hash-a"));
        assertThat(sessionUser("a")).contains(alice);
        assertThat(store.areContacts(alice.id(), bob.id())).isTrue();
        assertThat(store.incomingRequests(alice.id())).extracting(ContactRequest::user).containsExactly(carol);
        assertThat(store.listChats(alice.id())).isEqualTo(alicesChats);
        assertThat(store.listChats(bob.id())).isEqualTo(bobsChats);
        List<Message> all = new ArrayList<>(sent);
        all.add(withId);
        assertThat(newest(bob, alice, 50).messages()).isEqualTo(all);
        assertThat(append(alice, bob, "4 again", "cid-4")).isEqualTo(new AppendOutcome.Duplicate(withId));
        assertThat(send(bob, alice, "5").seq()).isEqualTo(5);
        assertThatThrownBy(() -> user("bob")).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void a_deletion_survives_closing_and_reopening() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store.deleteChat(alice.id(), bob.id());
        send(bob, alice, "4");

        reopen();

        assertThat(seqs(newest(alice, bob, 50))).containsExactly(4L);
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void reopening_an_up_to_date_database_works_again_and_again() {
        User alice = user("alice");

        reopen();
        reopen();

        assertThat(store.findUser(alice.id())).contains(alice);
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    void a_database_newer_than_this_build_is_refused() throws Exception {
        user("alice");
        store.close();
        store = null;

        makeSchemaNewerThanThisBuild(dir);

        assertThatThrownBy(() -> {
            Store s = openStore(dir);
            s.close();
        }).isInstanceOf(StorageException.class).hasMessageContaining("version");
    }

    @Test
    void an_open_store_is_healthy() {
        assertThat(store.isHealthy()).isTrue();
    }

    @Test
    void a_closed_store_is_unhealthy_and_fails_with_storage_exceptions_only() {
        User alice = user("alice");
        store.close();
        Store closed = store;
        store = null;

        assertThat(closed.isHealthy()).isFalse();
        assertThatThrownBy(() -> closed.findUser(alice.id())).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> closed.createUser("bob", "Bob", "h", tick())).isInstanceOf(StorageException.class);
    }
}
