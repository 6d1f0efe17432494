package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.User;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: appending messages: per-pair seqs,
 * chat boxes created by the first message, text kept exactly, clientId deduplication, refusals,
 * and batches with one outcome per message.
 */
public interface MessagesContract extends StoreFixture {

    @Test
    default void the_first_message_of_a_pair_gets_seq_1_and_creates_both_chat_boxes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        long sentAt = tick();

        List<AppendOutcome> outcomes = store().appendMessages(List.of(new NewMessage(alice.id(), bob.id(), "hello", "c-1", sentAt)));

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
        assertThat(store().findChat(alice.id(), bob.id())).isPresent();
        assertThat(store().findChat(bob.id(), alice.id())).isPresent();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(m);
        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
    }

    @Test
    default void a_message_without_a_client_id_keeps_it_null() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        Message m = send(alice, bob, "hi");

        assertThat(m.clientId()).isNull();
        assertThat(newest(bob, alice, 50).messages().getFirst().clientId()).isNull();
    }

    @Test
    default void later_messages_create_no_chat_box() {
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
    default void seq_counts_1_2_3_per_pair_whoever_sends() {
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
    default void separate_pairs_number_their_messages_independently() {
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
    default void message_ids_are_unique_across_pairs() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);

        List<Long> ids = List.of(send(alice, bob, "1").id(), send(alice, carol, "1").id(),
                send(bob, alice, "2").id(), send(carol, alice, "2").id());

        assertThat(ids).doesNotHaveDuplicates();
    }

    static Stream<Named<String>> texts() {
        return Stream.of(
                Named.of("spaces, tabs, CRLF, quotes, backslash, SQL, combining marks, emoji, a BOM",
                        "  leading and trailing  \n\ttabs, \r\nCRLF, 'quotes' \"double\" \\ % _ ; -- DROP TABLE users; "
                                + "e\u0301 é 🦊👩‍👩‍👧 \uFEFF end "),
                Named.of("4000 emoji, the longest text", "😀".repeat(4000)),
                Named.of("control characters, NUL included", "a\u0000b\u0001c\u007f\u0085d"),
                Named.of("NULs and backslashes side by side (what an escaping adapter must undo exactly)",
                        "\u0000\\0 \\\\0 \\\u0000 \u0000\\ \\\\ \u0000\u0000 \\x00 \\u0000 \u001b[0m\u0008\u000b\f end\\"));
    }

    @ParameterizedTest(name = "text is stored and returned exactly as sent: {0}")
    @MethodSource("app.duet.storage.MessagesContract#texts")
    default void text_is_stored_and_returned_exactly_as_sent(String text) {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        Message m = send(alice, bob, text);

        assertThat(m.text()).isEqualTo(text);
        assertThat(newest(bob, alice, 50).messages()).extracting(Message::text).containsExactly(text);
    }

    @Test
    default void an_empty_batch_stores_nothing() {
        assertThat(store().appendMessages(List.of())).isEmpty();
    }

    @Test
    default void concurrent_appends_to_one_pair_get_distinct_gapless_seqs() throws Exception {
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
                        AppendOutcome o = store().appendMessages(List.of(new NewMessage(from.id(), to.id(), "t" + n + "-" + i,
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

    @Test
    default void two_stores_over_the_same_data_appending_at_once_keep_seqs_gap_free_and_each_client_id_once() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        int rounds = 30;
        try (Store other = openOnSameData()) {
            List<Store> stores = List.of(store(), other);
            ExecutorService pool = Executors.newFixedThreadPool(stores.size());
            try {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(stores.size());
                List<Future<List<List<AppendOutcome>>>> results = new ArrayList<>();
                for (int k = 0; k < stores.size(); k++) {
                    int node = k;
                    results.add(pool.submit(() -> {
                        List<List<AppendOutcome>> mine = new ArrayList<>();
                        for (int r = 0; r < rounds; r++) {
                            // the same clientId from both nodes at the same instant, each node's own
                            // sends, and the two pairs in opposite orders on the two nodes
                            List<NewMessage> batch = new ArrayList<>(List.of(
                                    new NewMessage(alice.id(), bob.id(), "shared " + r, "shared-" + r, 1_000 + r),
                                    new NewMessage(bob.id(), alice.id(), "from bob " + r + " via " + node, null, 1_000 + r),
                                    new NewMessage(alice.id(), carol.id(), "to carol " + r + " via " + node, "own-" + r + "-" + node, 1_000 + r)));
                            if (node == 1) Collections.reverse(batch);
                            together.await(30, TimeUnit.SECONDS);
                            mine.add(stores.get(node).appendMessages(batch));
                        }
                        return mine;
                    }));
                }
                List<List<AppendOutcome>> first = results.get(0).get(60, TimeUnit.SECONDS);
                List<List<AppendOutcome>> second = results.get(1).get(60, TimeUnit.SECONDS);
                for (int r = 0; r < rounds; r++) {
                    Message a = outcomeMessage(first.get(r).get(0));
                    Message b = outcomeMessage(second.get(r).get(2)); // reversed batch
                    assertThat(b).as("both nodes answer round %d's shared clientId with one message", r).isEqualTo(a);
                    assertThat(List.of(first.get(r).get(0), second.get(r).get(2)))
                            .filteredOn(o -> o instanceof AppendOutcome.Stored).as("stored once").hasSize(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        List<Message> withBob = newest(alice, bob, 500).messages();
        assertThat(seqs(newest(alice, bob, 500))).isEqualTo(seqs(1, rounds * 3L));
        assertThat(withBob).filteredOn(m -> m.clientId() != null).extracting(Message::clientId).doesNotHaveDuplicates().hasSize(rounds);
        assertThat(seqs(newest(carol, alice, 500))).isEqualTo(seqs(1, rounds * 2L));
        assertThat(send(alice, bob, "after").seq()).isEqualTo(rounds * 3L + 1);
    }

    private static Message outcomeMessage(AppendOutcome o) {
        return switch (o) {
            case AppendOutcome.Stored s -> s.message();
            case AppendOutcome.Duplicate d -> d.message();
            case AppendOutcome.Rejected r -> throw new AssertionError("rejected: " + r.reason());
        };
    }

    // ---------------------------------------------------------------- clientId

    @Test
    default void a_repeated_client_id_returns_the_first_message_and_stores_nothing() {
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
    default void a_repeated_client_id_does_not_touch_the_chat_boxes() {
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
    default void a_client_id_repeated_to_another_peer_returns_the_first_message_and_creates_no_box() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        Message first = send(alice, bob, "for bob", "abc");

        AppendOutcome again = append(alice, carol, "for carol", "abc");

        assertThat(again).isEqualTo(new AppendOutcome.Duplicate(first));
        assertThat(store().findChat(alice.id(), carol.id())).isEmpty();
        assertThat(store().findChat(carol.id(), alice.id())).isEmpty();
        assertThat(send(alice, carol, "really for carol").seq()).isEqualTo(1);
    }

    @Test
    default void the_same_client_id_from_a_different_sender_is_a_new_message() {
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
    default void client_ids_are_case_sensitive() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "one", "abc");

        assertThat(append(alice, bob, "two", "ABC")).isInstanceOf(AppendOutcome.Stored.class);
    }

    @Test
    default void messages_without_a_client_id_are_never_duplicates() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        send(alice, bob, "same text");
        send(alice, bob, "same text");

        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L);
    }

    @Test
    default void a_repeated_client_id_returns_the_first_message_even_after_the_contact_ended() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "hello", "abc");
        store().removeContact(bob.id(), alice.id());

        assertThat(append(alice, bob, "hello", "abc")).isEqualTo(new AppendOutcome.Duplicate(first));
    }

    @Test
    default void a_repeated_client_id_returns_the_first_message_even_after_the_sender_deleted_the_chat() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "hello", "abc");
        store().deleteChat(alice.id(), bob.id());

        assertThat(append(alice, bob, "hello", "abc")).isEqualTo(new AppendOutcome.Duplicate(first));
        assertThat(store().findChat(alice.id(), bob.id())).isEmpty();
    }

    // ---------------------------------------------------------------- refusals

    @Test
    default void a_message_to_a_stranger_is_rejected_as_not_contact_and_stores_nothing() {
        User alice = user("alice");
        User bob = user("bob");

        AppendOutcome outcome = append(alice, bob, "hi", "c1");

        assertThat(outcome).isInstanceOf(AppendOutcome.Rejected.class);
        assertThat(((AppendOutcome.Rejected) outcome).reason()).isEqualTo(AppendOutcome.Reason.NOT_CONTACTS);
        assertThat(store().findChat(alice.id(), bob.id())).isEmpty();
        assertThat(store().findChat(bob.id(), alice.id())).isEmpty();
        assertThat(store().listChats(alice.id())).isEmpty();
        assertThat(store().listChats(bob.id())).isEmpty();
    }

    @Test
    default void a_message_to_someone_who_only_was_asked_is_rejected_as_not_contact() {
        User alice = user("alice");
        User bob = user("bob");
        store().requestContact(alice.id(), bob.id(), tick());

        AppendOutcome outcome = append(alice, bob, "hi", null);

        assertThat(((AppendOutcome.Rejected) outcome).reason()).isEqualTo(AppendOutcome.Reason.NOT_CONTACTS);
    }

    @Test
    default void a_message_to_a_missing_user_is_rejected_as_no_such_user() {
        User alice = user("alice");

        AppendOutcome outcome = store().appendMessages(List.of(new NewMessage(alice.id(), alice.id() + 999, "hi", null, tick()))).getFirst();

        assertThat(outcome).isInstanceOf(AppendOutcome.Rejected.class);
        assertThat(((AppendOutcome.Rejected) outcome).reason()).isEqualTo(AppendOutcome.Reason.NO_SUCH_RECIPIENT);
        assertThat(store().listChats(alice.id())).isEmpty();
    }

    @Test
    default void a_rejected_message_consumes_no_seq_and_no_client_id() {
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
    default void after_a_contact_ended_messages_are_rejected_but_both_histories_stay_readable() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message m = send(alice, bob, "hello");
        store().removeContact(alice.id(), bob.id());

        AppendOutcome outcome = append(bob, alice, "still there?", null);

        assertThat(((AppendOutcome.Rejected) outcome).reason()).isEqualTo(AppendOutcome.Reason.NOT_CONTACTS);
        assertThat(newest(alice, bob, 50).messages()).containsExactly(m);
        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
    }

    @Test
    default void a_batch_gives_one_outcome_per_message_in_order() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        User stranger = user("stranger");
        befriend(alice, bob);
        befriend(bob, carol);
        Message earlier = send(alice, bob, "earlier", "e1");

        List<AppendOutcome> outcomes = store().appendMessages(List.of(
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
        assertThat(((AppendOutcome.Rejected) outcomes.get(1)).reason()).isEqualTo(AppendOutcome.Reason.NOT_CONTACTS);
        assertThat(outcomes.get(2)).isEqualTo(new AppendOutcome.Duplicate(earlier));
        assertThat(((AppendOutcome.Stored) outcomes.get(3)).message().seq()).isEqualTo(3);
        assertThat(outcomes.get(4)).isEqualTo(new AppendOutcome.Duplicate(a));
        assertThat(((AppendOutcome.Rejected) outcomes.get(5)).reason()).isEqualTo(AppendOutcome.Reason.NO_SUCH_RECIPIENT);
        AppendOutcome.Stored e = (AppendOutcome.Stored) outcomes.get(6);
        assertThat(e.message().seq()).isEqualTo(1);
        assertThat(e.senderChatCreated()).isTrue();
        assertThat(e.recipientChatCreated()).isTrue();
        assertThat(((AppendOutcome.Stored) outcomes.get(7)).message().seq()).isEqualTo(4);

        assertThat(newest(bob, alice, 50).messages()).extracting(Message::text).containsExactly("earlier", "a", "c", "f");
        assertThat(newest(bob, carol, 50).messages()).extracting(Message::text).containsExactly("e");
        assertThat(store().findChat(alice.id(), stranger.id())).isEmpty();
        assertThat(store().findChat(stranger.id(), alice.id())).isEmpty();
    }

    @Test
    default void a_batch_creates_each_missing_box_only_once() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        List<AppendOutcome> outcomes = store().appendMessages(List.of(
                new NewMessage(alice.id(), bob.id(), "1", null, tick()),
                new NewMessage(bob.id(), alice.id(), "2", null, tick())));

        AppendOutcome.Stored first = (AppendOutcome.Stored) outcomes.get(0);
        AppendOutcome.Stored second = (AppendOutcome.Stored) outcomes.get(1);
        assertThat(first.senderChatCreated()).isTrue();
        assertThat(first.recipientChatCreated()).isTrue();
        assertThat(second.senderChatCreated()).isFalse();
        assertThat(second.recipientChatCreated()).isFalse();
        assertThat(store().listChats(alice.id())).hasSize(1);
    }
}
