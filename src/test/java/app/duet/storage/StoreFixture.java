package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.StoredSession;
import app.duet.model.User;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every part of the {@link Store} contract works with: the store under test, a made-up clock
 * and the helpers that set up users, contacts and messages. {@link StoreContract} keeps the state
 * and implements the few abstract methods; the section interfaces ({@code *Contract}) extend this
 * one, so their default test methods read as if they were written in one class.
 */
public interface StoreFixture {

    // ================================================================ state (kept by StoreContract)

    /** The store under test: fresh and empty for each test. */
    Store store();

    /** A made-up time, 1 s later than the one before, so ordering by activity is deterministic. */
    long tick();

    /** Closes the store and opens it again on the same data. */
    Store reopen();

    /** Closes the store and leaves the test without one (nothing closes it again). @return the closed store */
    Store closeForGood();

    /** Opens the adapter's store on this test's data, as another start of Duet would; the caller closes it. */
    Store openOnSameData();

    /** With the store closed, makes its database claim a schema version newer than this build knows. */
    void makeDataNewerThanThisBuild() throws Exception;

    /**
     * Runs SQL straight on this test's data, as an older Duet would: only for the tests of
     * migrations and rolling upgrades ({@link UnreadCountsContract}); the rest of the contract
     * goes through the interface.
     */
    void runSql(String... statements) throws Exception;

    /** Takes schema version 5 (message search) off this test's data, as before it: for the tests of migrations. */
    void undoMessageSearch() throws Exception;

    // ================================================================ helpers

    default User user(String username) {
        return store().createUser(username, "Name of " + username, "hash-of-" + username, tick());
    }

    default User user(String username, String name) {
        return store().createUser(username, name, "hash-of-" + username, tick());
    }

    default void befriend(User a, User b) {
        assertThat(store().requestContact(a.id(), b.id(), tick())).isEqualTo(ContactRequestOutcome.REQUESTED);
        assertThat(store().requestContact(b.id(), a.id(), tick())).isEqualTo(ContactRequestOutcome.BECAME_CONTACTS);
    }

    default AppendOutcome append(User from, User to, String text, String clientId) {
        List<AppendOutcome> outcomes = store().appendMessages(List.of(new NewMessage(from.id(), to.id(), text, clientId, tick())));
        assertThat(outcomes).hasSize(1);
        return outcomes.getFirst();
    }

    default AppendOutcome.Stored stored(User from, User to, String text, String clientId) {
        AppendOutcome outcome = append(from, to, text, clientId);
        assertThat(outcome).isInstanceOf(AppendOutcome.Stored.class);
        return (AppendOutcome.Stored) outcome;
    }

    default Message send(User from, User to, String text) {
        return stored(from, to, text, null).message();
    }

    default Message send(User from, User to, String text, String clientId) {
        return stored(from, to, text, clientId).message();
    }

    /** Sends {@code n} messages, alternating senders, starting with {@code first}. */
    default List<Message> conversation(User first, User second, int n) {
        List<Message> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(i % 2 == 1 ? send(first, second, "m" + i) : send(second, first, "m" + i));
        }
        return out;
    }

    default ChatBox chat(User owner, User peer) {
        return store().findChat(owner.id(), peer.id()).orElseThrow(() -> new AssertionError(
                owner.username() + " has no chat box with " + peer.username()));
    }

    default HistoryPage history(User owner, User peer, Long before, Long after, int limit) {
        return store().history(owner.id(), peer.id(), new HistoryQuery(before, after, limit)).orElseThrow(() ->
                new AssertionError(owner.username() + " has no chat box with " + peer.username()));
    }

    default HistoryPage newest(User owner, User peer, int limit) {
        return history(owner, peer, null, null, limit);
    }

    /** Makes a session named {@code name}: token "token-NAME", id "id-NAME", client "client-NAME". */
    default void session(String name, User user, long at) {
        store().createSession(token(name), "id-" + name, user.id(), "client-" + name, at);
    }

    default Optional<User> sessionUser(String name) {
        return store().findSession(token(name)).map(StoredSession::user);
    }

    default List<Long> seqs(HistoryPage page) {
        return page.messages().stream().map(Message::seq).toList();
    }

    default List<Long> seqs(long fromInclusive, long toInclusive) {
        return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
    }

    default List<String> usernames(List<User> users) {
        return users.stream().map(User::username).toList();
    }

    default List<Long> peers(List<ChatBox> chats) {
        return chats.stream().map(c -> c.peer().id()).toList();
    }

    default byte[] token(String s) {
        return ("token-" + s).getBytes(StandardCharsets.UTF_8);
    }
}
