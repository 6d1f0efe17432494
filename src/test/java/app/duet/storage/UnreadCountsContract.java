package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.Pair;
import app.duet.model.User;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: the unread count where a kept counter
 * could drift from the rule ("the peer's messages in the owner's copy with a seq above the owner's
 * read mark", PROTOCOL.md §4; docs/decisions/0010). Every check compares the count a chat box
 * shows, found alone and in the list, with the rule counted through the history
 * ({@link #unreadByTheRule}).
 *
 * <p>The last two tests are the only place where the contract writes SQL ({@link #runSql}): to
 * turn a database back into schema version 2, and to write as a version 2 node would while a
 * rolling upgrade runs. That SQL is the same on every adapter.
 */
public interface UnreadCountsContract extends StoreFixture {

    /** The rule, counted through the history: the peer's messages in the owner's copy above the read mark. */
    default long unreadByTheRule(User owner, User peer) {
        long mark = chat(owner, peer).readMark();
        long count = 0;
        Long after = mark;
        while (true) {
            HistoryPage page = history(owner, peer, null, after, 200);
            count += page.messages().stream().filter(m -> m.from() == peer.id()).count();
            if (!page.hasMore()) return count;
            after = page.messages().getLast().seq();
        }
    }

    /** The box's count, found alone and in the owner's list (through {@code s}), is the rule's and {@code expected}. */
    default void assertUnread(Store s, User owner, User peer, long expected) {
        assertThat(unreadByTheRule(owner, peer)).as("the rule, for %s's box with %s", owner.username(), peer.username())
                .isEqualTo(expected);
        assertThat(s.findChat(owner.id(), peer.id()).orElseThrow().unread())
                .as("%s's box with %s", owner.username(), peer.username()).isEqualTo(expected);
        assertThat(s.listChats(owner.id())).filteredOn(c -> c.peer().id() == peer.id()).singleElement()
                .extracting(ChatBox::unread).as("%s's box with %s in the list", owner.username(), peer.username())
                .isEqualTo(expected);
    }

    default void assertUnread(User owner, User peer, long expected) {
        assertUnread(store(), owner, peer, expected);
    }

    /** Sends {@code n} messages in one batch (one transaction). */
    default List<Message> sendBatch(User from, User to, int n) {
        List<NewMessage> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) batch.add(new NewMessage(from.id(), to.id(), "b" + i, null, tick()));
        return store().appendMessages(batch).stream().map(o -> ((AppendOutcome.Stored) o).message()).toList();
    }

    @Test
    default void many_sends_then_partial_reads_leave_the_rest_unread() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        for (int i = 1; i <= 300; i++) {
            if (i % 10 == 0) send(bob, alice, "reply " + i); // seq 10, 20, ..., 300 are bob's
            else send(alice, bob, "m" + i);
        }
        assertUnread(bob, alice, 270);
        assertUnread(alice, bob, 30);

        store().markRead(bob.id(), alice.id(), 25); // a short read: what was read is counted
        assertUnread(bob, alice, 270 - 23);

        store().markRead(bob.id(), alice.id(), 280); // a long read: what is left is counted
        assertUnread(bob, alice, 18);

        store().markRead(bob.id(), alice.id(), 150); // never down
        assertUnread(bob, alice, 18);

        sendBatch(alice, bob, 40);
        store().markRead(bob.id(), alice.id(), 299);
        assertUnread(bob, alice, 40);

        store().markRead(alice.id(), bob.id(), 100);
        assertUnread(alice, bob, 20);
    }

    @Test
    default void a_read_past_the_end_leaves_nothing_unread_and_the_next_message_counts_one() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 7);
        assertUnread(bob, alice, 4);

        assertThat(store().markRead(bob.id(), alice.id(), 1_000_000)).contains(new ReadOutcome(7, true));
        assertUnread(bob, alice, 0);

        send(alice, bob, "8");
        assertUnread(bob, alice, 1);
        assertThat(store().markRead(bob.id(), alice.id(), Long.MAX_VALUE)).contains(new ReadOutcome(8, true));
        assertUnread(bob, alice, 0);
    }

    @Test
    default void a_box_deleted_for_me_and_created_again_by_a_new_message_counts_from_that_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        sendBatch(alice, bob, 5);
        store().markRead(bob.id(), alice.id(), 2);
        assertUnread(bob, alice, 3);

        store().deleteChat(bob.id(), alice.id());
        send(alice, bob, "6");
        assertUnread(bob, alice, 1);
        assertUnread(alice, bob, 0);

        store().deleteChat(bob.id(), alice.id());
        send(bob, alice, "7"); // bob's own message creates his box: nothing unread in it
        assertUnread(bob, alice, 0);
        assertUnread(alice, bob, 1);
        sendBatch(alice, bob, 3);
        assertUnread(bob, alice, 3);
    }

    @Test
    default void the_peer_sending_while_the_owner_has_no_box_creates_it_with_the_right_count() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        sendBatch(bob, alice, 3); // alice never had a box: the first message creates it, the next two count on
        assertUnread(alice, bob, 3);
        assertUnread(bob, alice, 0);

        store().deleteChat(alice.id(), bob.id());
        assertThat(store().findChat(alice.id(), bob.id())).isEmpty();
        sendBatch(bob, alice, 2);
        assertUnread(alice, bob, 2);
        assertUnread(bob, alice, 0);
    }

    @Test
    default void a_created_box_is_announced_empty_and_then_counts_its_first_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        AppendOutcome.Stored first = stored(alice, bob, "hi", null);

        assertThat(first.createdRecipientChat().unread()).as("the box before its first message").isZero();
        assertThat(first.createdSenderChat().unread()).isZero();
        assertUnread(bob, alice, 1);
    }

    @Test
    default void one_owners_own_messages_never_count_for_them() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        sendBatch(alice, bob, 20);
        sendBatch(alice, carol, 5);
        store().markRead(alice.id(), bob.id(), 20);

        assertUnread(alice, bob, 0);
        assertUnread(alice, carol, 0);
        assertUnread(bob, alice, 20);
        assertUnread(carol, alice, 5);
    }

    @Test
    default void an_empty_box_made_after_messages_counts_only_later_ones() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        sendBatch(alice, bob, 4);
        store().deleteChat(bob.id(), alice.id());

        store().createChat(bob.id(), alice.id(), tick());
        assertUnread(bob, alice, 0);
        sendBatch(alice, bob, 2);
        store().markRead(bob.id(), alice.id(), 5);
        assertUnread(bob, alice, 1);
    }

    @Test
    default void two_stores_over_the_same_data_sending_and_reading_at_once_keep_the_count() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        int rounds = 40;
        try (Store other = openOnSameData()) {
            List<Store> stores = List.of(store(), other);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CyclicBarrier together = new CyclicBarrier(4);
                List<Future<?>> work = new ArrayList<>();
                for (int k = 0; k < 2; k++) {
                    Store node = stores.get(k);
                    User reader = k == 0 ? bob : alice;
                    User writer = k == 0 ? alice : bob;
                    work.add(pool.submit(() -> { // each node stores batches both ways
                        for (int r = 0; r < rounds; r++) {
                            together.await(30, TimeUnit.SECONDS);
                            node.appendMessages(List.of(
                                    new NewMessage(alice.id(), bob.id(), "a" + r, null, 1_000 + r),
                                    new NewMessage(alice.id(), bob.id(), "a'" + r, null, 1_000 + r),
                                    new NewMessage(bob.id(), alice.id(), "b" + r, null, 1_000 + r)));
                        }
                        return null;
                    }));
                    work.add(pool.submit(() -> { // and moves read marks, up to a seq near the end
                        for (int r = 0; r < rounds; r++) {
                            together.await(30, TimeUnit.SECONDS);
                            long last = node.findChat(reader.id(), writer.id()).map(c -> c.lastMessage() == null ? 0 : c.lastMessage().seq())
                                    .orElse(0L);
                            node.markRead(reader.id(), writer.id(), Math.max(0, last - ThreadLocalRandom.current().nextInt(4)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) f.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            for (Store s : stores) {
                assertUnread(s, bob, alice, unreadByTheRule(bob, alice));
                assertUnread(s, alice, bob, unreadByTheRule(alice, bob));
            }
            assertThat(newest(bob, alice, 1).messages().getFirst().seq()).isEqualTo(rounds * 6L);
        }
    }

    /**
     * What schema version 2 lacks: version 6's and version 5's tables and columns and its record, version 4's table and columns and its record, the counter's columns, and the record of version 3. Running these
     * on a database of this version turns it back into one that version 2 wrote.
     */
    List<String> BACK_TO_VERSION_2 = List.of(
            "DROP TABLE audit_log", // version 8's first
            "ALTER TABLE users DROP COLUMN disabled_at",
            "DELETE FROM schema_version WHERE version = 8",
            "DROP TABLE uploads", // then version 6's (version 7's, which differs by adapter: undoMessageSearch, before these)
            "DROP TABLE IF EXISTS blob_chunks",
            "DROP TABLE IF EXISTS blobs",
            "DELETE FROM schema_version WHERE version = 6",
            "DROP TABLE message_changes", // then version 5's
            "DROP TABLE hidden_messages",
            "ALTER TABLE pairs DROP COLUMN last_change",
            "ALTER TABLE messages DROP COLUMN recalled_at",
            "ALTER TABLE messages DROP COLUMN reply_to_seq",
            "DELETE FROM schema_version WHERE version = 5",
            "DROP TABLE blocks", // version 4's
            "ALTER TABLE users DROP COLUMN last_seen_at",
            "ALTER TABLE chats DROP COLUMN pinned",
            "ALTER TABLE chats DROP COLUMN muted",
            "ALTER TABLE chats DROP COLUMN marked_unread",
            "DELETE FROM schema_version WHERE version = 4",
            "ALTER TABLE chats DROP COLUMN unread",
            "ALTER TABLE chats DROP COLUMN unread_seq",
            "ALTER TABLE chats DROP COLUMN unread_mark",
            "DELETE FROM schema_version WHERE version = 3");

    @Test
    default void a_version_2_database_with_unread_messages_gets_the_right_counts_in_version_3() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User dave = user("dave");
        befriend(alice, bob);
        befriend(alice, carol);
        befriend(alice, dave);
        befriend(bob, carol);
        conversation(alice, bob, 30);                  // alice/bob: both ways, partly read
        store().markRead(bob.id(), alice.id(), 11);
        sendBatch(alice, carol, 6);                    // alice/carol: carol deleted her box, then got 2 more
        store().deleteChat(carol.id(), alice.id());
        sendBatch(alice, carol, 2);
        store().createChat(alice.id(), dave.id(), tick()); // alice/dave: an empty box, no message ever
        sendBatch(carol, bob, 3);                      // bob/carol: all read
        store().markRead(bob.id(), carol.id(), 3);
        List<User> everyone = List.of(alice, bob, carol, dave);
        Map<Long, List<ChatBox>> before = everyone.stream().collect(Collectors.toMap(User::id, u -> store().listChats(u.id())));
        closeForGood();

        undoMessageSearch();
        runSql(BACK_TO_VERSION_2.toArray(String[]::new));

        try (Store migrated = openOnSameData()) {
            for (User u : everyone) assertThat(migrated.listChats(u.id())).as(u.username()).isEqualTo(before.get(u.id()));
            assertThat(migrated.findChat(bob.id(), alice.id()).orElseThrow().unread()).isEqualTo(9);
            assertThat(migrated.findChat(alice.id(), bob.id()).orElseThrow().unread()).isEqualTo(15);
            assertThat(migrated.findChat(carol.id(), alice.id()).orElseThrow().unread()).isEqualTo(2);
            assertThat(migrated.findChat(bob.id(), carol.id()).orElseThrow().unread()).isZero();
            assertThat(migrated.findChat(alice.id(), dave.id()).orElseThrow().unread()).isZero();

            // and the migrated counters are kept from there on
            migrated.appendMessages(List.of(new NewMessage(alice.id(), bob.id(), "31", null, tick()),
                    new NewMessage(dave.id(), alice.id(), "1", null, tick())));
            migrated.markRead(alice.id(), bob.id(), 20);
            assertThat(migrated.findChat(bob.id(), alice.id()).orElseThrow().unread()).isEqualTo(10);
            assertThat(migrated.findChat(alice.id(), bob.id()).orElseThrow().unread()).isEqualTo(5);
            assertThat(migrated.findChat(alice.id(), dave.id()).orElseThrow().unread()).isEqualTo(1);
            assertThat(migrated.findChat(dave.id(), alice.id()).orElseThrow().unread()).isZero();
        }
    }

    @Test
    default void what_a_version_2_node_writes_during_a_rolling_upgrade_is_counted() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        sendBatch(alice, bob, 10);
        store().markRead(bob.id(), alice.id(), 4);
        assertUnread(bob, alice, 6);
        runSql(v2StoresMessage(alice, bob, 11)); // a version 2 node stores a message: it knows nothing of the counter
        assertUnread(bob, alice, 7);
        runSql("UPDATE chats SET read_mark = 8 WHERE owner_id = " + bob.id() + " AND peer_id = " + alice.id());
        assertUnread(bob, alice, 3);

        send(alice, bob, "12");            // this version's next write makes the counter right again
        assertUnread(bob, alice, 4);
        runSql(v2StoresMessage(alice, bob, 13));
        store().markRead(bob.id(), alice.id(), 10);
        assertUnread(bob, alice, 3);
        runSql(v2StoresMessage(alice, bob, 14));
        store().markRead(bob.id(), alice.id(), 11);
        assertUnread(bob, alice, 3);

        // a box that a version 2 node creates has none of the counter's columns set
        runSql("INSERT INTO chats (owner_id, peer_id, start_seq, read_mark, peer_read_mark, created_at, updated_at)"
                + " VALUES (" + carol.id() + ", " + alice.id() + ", 1, 0, 0, 1, 1)");
        runSql(v2StoresMessage(alice, carol, 1));
        runSql(v2StoresMessage(alice, carol, 2));
        assertUnread(carol, alice, 2);
        assertUnread(alice, bob, 0);
    }

    /**
     * The statements with which a node of schema version 2 stores message {@code seq} from one user
     * to another whose boxes both exist: the pair's seq, the message, the boxes' activity time.
     */
    private static String[] v2StoresMessage(User from, User to, long seq) {
        Pair pair = Pair.of(from.id(), to.id());
        return new String[] {
                "INSERT INTO pairs (lo, hi, last_seq) VALUES (" + pair.lo() + ", " + pair.hi() + ", " + seq + ")"
                        + " ON CONFLICT (lo, hi) DO UPDATE SET last_seq = " + seq,
                "INSERT INTO messages (lo, hi, seq, from_id, to_id, text, sent_at) VALUES (" + pair.lo() + ", " + pair.hi() + ", "
                        + seq + ", " + from.id() + ", " + to.id() + ", 'by version 2', 2)",
                "UPDATE chats SET updated_at = 2 WHERE (owner_id = " + from.id() + " AND peer_id = " + to.id() + ")"
                        + " OR (owner_id = " + to.id() + " AND peer_id = " + from.id() + ")"};
    }
}
