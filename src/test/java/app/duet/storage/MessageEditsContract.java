package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.Quote;
import app.duet.model.User;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: message edits (schema version 5):
 * replies and their quotes per reader, recall, delete for me (history, the last message, unread),
 * and the change log a client catches up from.
 */
public interface MessageEditsContract extends StoreFixture {

    long WINDOW_START = 0; // every made-up sentAt is after it

    default AppendOutcome reply(User from, User to, String text, long replyTo) {
        List<AppendOutcome> outcomes = store().appendMessages(List.of(new NewMessage(from.id(), to.id(), text, null, tick(), replyTo)));
        return outcomes.getFirst();
    }

    default MessageEdit.Recall recall(User sender, User peer, long seq) {
        return store().recallMessage(sender.id(), peer.id(), seq, tick(), WINDOW_START).orElseThrow();
    }

    default MessageEdit.Hide hide(User owner, User peer, long seq) {
        return store().hideMessage(owner.id(), peer.id(), seq, tick()).orElseThrow();
    }

    default MessageEdit.ChangesPage changes(User owner, User peer, long after, int limit) {
        return store().changes(owner.id(), peer.id(), after, limit).orElseThrow();
    }

    @Test
    default void a_reply_carries_the_quoted_message_for_both_readers() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "x".repeat(150));
        AppendOutcome.Stored r = (AppendOutcome.Stored) reply(bob, alice, "yes", first.seq());

        assertThat(r.message().replyTo()).isEqualTo(Quote.shown(first.seq(), alice.id(), "x".repeat(150)));
        assertThat(r.message().replyTo().text()).hasSize(Quote.SNIPPET);
        assertThat(r.recipientMessage().replyTo()).isEqualTo(r.message().replyTo());
        for (User reader : List.of(alice, bob)) {
            Message read = newest(reader, reader == alice ? bob : alice, 10).messages().getLast();
            assertThat(read.replyTo()).as("as %s reads it", reader.username()).isEqualTo(r.message().replyTo());
        }
        // A plain message quotes nothing.
        assertThat(newest(alice, bob, 10).messages().getFirst().replyTo()).isNull();
    }

    @Test
    default void a_reply_to_a_message_not_in_the_senders_copy_is_refused_and_stores_nothing() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "one");
        Message second = send(alice, bob, "two");
        assertThat(reply(bob, alice, "?", 99)).isEqualTo(new AppendOutcome.Rejected(AppendOutcome.Reason.NO_SUCH_REPLY));
        assertThat(hide(bob, alice, first.seq()).status()).isEqualTo(MessageEdit.HideStatus.HIDDEN);
        assertThat(reply(bob, alice, "?", first.seq())).isEqualTo(new AppendOutcome.Rejected(AppendOutcome.Reason.NO_SUCH_REPLY));
        assertThat(recall(alice, bob, second.seq()).status()).isEqualTo(MessageEdit.RecallStatus.RECALLED);
        assertThat(reply(bob, alice, "?", second.seq())).isEqualTo(new AppendOutcome.Rejected(AppendOutcome.Reason.NO_SUCH_REPLY));
        assertThat(seqs(newest(alice, bob, 10))).containsExactly(1L, 2L);
        // the next message takes the next seq: nothing was taken by the refusals
        assertThat(send(alice, bob, "three").seq()).isEqualTo(3);
    }

    @Test
    default void a_quote_the_reader_deleted_or_that_was_recalled_shows_as_such() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "one");
        Message second = send(alice, bob, "two");
        hide(alice, bob, first.seq());
        AppendOutcome.Stored r = (AppendOutcome.Stored) reply(bob, alice, "re one", first.seq());
        AppendOutcome.Stored r2 = (AppendOutcome.Stored) reply(bob, alice, "re two", second.seq());

        assertThat(r.message().replyTo().state()).isEqualTo(Quote.State.SHOWN);
        assertThat(r.recipientMessage().replyTo()).isEqualTo(Quote.missing(first.seq()));
        assertThat(newest(alice, bob, 10).messages().get(1).replyTo()).isEqualTo(Quote.missing(first.seq()));

        recall(alice, bob, second.seq());
        for (User reader : List.of(alice, bob)) {
            Message read = newest(reader, reader == alice ? bob : alice, 10).messages().getLast();
            assertThat(read.seq()).isEqualTo(r2.message().seq());
            assertThat(read.replyTo()).isEqualTo(Quote.recalled(second.seq(), alice.id()));
        }
    }

    @Test
    default void the_sender_recalls_a_message_in_both_copies_and_its_text_is_erased() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message m = send(alice, bob, "oops");
        MessageEdit.Recall r = recall(alice, bob, m.seq());

        assertThat(r.status()).isEqualTo(MessageEdit.RecallStatus.RECALLED);
        assertThat(r.message().text()).isEmpty();
        assertThat(r.message().recalledAt()).isNotNull();
        for (User reader : List.of(alice, bob)) {
            Message read = newest(reader, reader == alice ? bob : alice, 10).messages().getFirst();
            assertThat(read.text()).isEmpty();
            assertThat(read.recalledAt()).isEqualTo(r.message().recalledAt());
            ChatBox box = chat(reader, reader == alice ? bob : alice);
            assertThat(box.lastMessage().recalledAt()).isEqualTo(r.message().recalledAt());
            assertThat(box.lastMessage().text()).isEmpty();
        }
        // the search (another helper's) finds nothing of the erased text
        assertThat(store().searchMessages(bob.id(), alice.id(), "oops", null, 10).orElseThrow().messages()).isEmpty();
        // again: the same answer, no new change
        MessageEdit.Recall again = recall(alice, bob, m.seq());
        assertThat(again.status()).isEqualTo(MessageEdit.RecallStatus.ALREADY_RECALLED);
        assertThat(changes(bob, alice, 0, 10).changes()).hasSize(1);
    }

    @Test
    default void a_recall_is_refused_to_others_after_the_window_and_for_missing_messages() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        Message m = send(alice, bob, "hi");
        assertThat(recall(bob, alice, m.seq()).status()).isEqualTo(MessageEdit.RecallStatus.NOT_SENDER);
        assertThat(recall(alice, bob, 42).status()).isEqualTo(MessageEdit.RecallStatus.NO_SUCH_MESSAGE);
        assertThat(store().recallMessage(alice.id(), bob.id(), m.seq(), tick(), m.sentAt() + 1).orElseThrow().status())
                .isEqualTo(MessageEdit.RecallStatus.TOO_LATE);
        assertThat(store().recallMessage(alice.id(), carol.id(), 1, tick(), WINDOW_START)).isEmpty(); // no box
        hide(alice, bob, m.seq());
        assertThat(recall(alice, bob, m.seq()).status()).isEqualTo(MessageEdit.RecallStatus.NO_SUCH_MESSAGE);
        assertThat(newest(bob, alice, 10).messages().getFirst().text()).isEqualTo("hi");
        assertThat(changes(bob, alice, 0, 10).changes()).isEmpty();
    }

    @Test
    default void delete_for_me_removes_a_message_from_the_owners_copy_only() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 4); // alice 1, bob 2, alice 3, bob 4
        MessageEdit.Hide h = hide(alice, bob, 4);

        assertThat(h.status()).isEqualTo(MessageEdit.HideStatus.HIDDEN);
        assertThat(h.chat().lastMessage().seq()).isEqualTo(3);
        assertThat(seqs(newest(alice, bob, 10))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(history(alice, bob, null, 2L, 10))).containsExactly(3L);
        assertThat(seqs(history(alice, bob, 4L, null, 10))).containsExactly(1L, 2L, 3L);
        assertThat(chat(alice, bob).lastMessage().seq()).isEqualTo(3);
        assertThat(seqs(newest(bob, alice, 10))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(chat(bob, alice).lastMessage().seq()).isEqualTo(4);

        assertThat(hide(alice, bob, 4).status()).isEqualTo(MessageEdit.HideStatus.ALREADY_HIDDEN);
        assertThat(hide(alice, bob, 9).status()).isEqualTo(MessageEdit.HideStatus.NO_SUCH_MESSAGE);
        for (long s = 1; s <= 3; s++) hide(alice, bob, s);
        assertThat(chat(alice, bob).lastMessage()).isNull();
        assertThat(newest(alice, bob, 10).messages()).isEmpty();
    }

    @Test
    default void deleting_an_unread_message_for_me_lowers_the_unread_count() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(bob, alice, "1");
        send(bob, alice, "2");
        send(bob, alice, "3");
        assertThat(chat(alice, bob).unread()).isEqualTo(3);
        assertThat(hide(alice, bob, 2).chat().unread()).isEqualTo(2);
        assertThat(chat(alice, bob).unread()).isEqualTo(2);
        // reading part of the way counts without the hidden one
        store().markRead(alice.id(), bob.id(), 2);
        assertThat(chat(alice, bob).unread()).isEqualTo(1);
        send(bob, alice, "4");
        assertThat(chat(alice, bob).unread()).isEqualTo(2);
        store().markRead(alice.id(), bob.id(), 1);
        // a read message deleted for me does not change the count
        hide(alice, bob, 1);
        assertThat(chat(alice, bob).unread()).isEqualTo(2);
        store().markRead(alice.id(), bob.id(), 4);
        assertThat(chat(alice, bob).unread()).isZero();
    }

    @Test
    default void the_change_log_gives_each_owner_recalls_and_their_own_deletions_after_a_cursor() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);
        long cursor = newest(bob, alice, 10).changeCursor();
        assertThat(cursor).isZero();

        recall(alice, bob, 3);  // change 1, both
        hide(alice, bob, 2);    // change 2, alice's
        hide(bob, alice, 4);    // change 3, bob's
        recall(alice, bob, 5);  // change 4, both

        MessageEdit.ChangesPage bobs = changes(bob, alice, cursor, 10);
        assertThat(bobs.changes()).extracting(MessageEdit.Change::change).containsExactly(1L, 3L, 4L);
        assertThat(bobs.changes()).extracting(MessageEdit.Change::kind)
                .containsExactly(MessageEdit.Kind.RECALLED, MessageEdit.Kind.HIDDEN, MessageEdit.Kind.RECALLED);
        assertThat(bobs.changes().getFirst().message().recalledAt()).isNotNull();
        assertThat(bobs.changes().get(1).message()).isNull();
        assertThat(bobs.cursor()).isEqualTo(4);
        assertThat(bobs.hasMore()).isFalse();
        assertThat(newest(bob, alice, 10).changeCursor()).isEqualTo(4);

        MessageEdit.ChangesPage first = changes(alice, bob, 0, 1);
        assertThat(first.changes()).extracting(MessageEdit.Change::seq).containsExactly(3L);
        assertThat(first.hasMore()).isTrue();
        MessageEdit.ChangesPage rest = changes(alice, bob, first.cursor(), 10);
        assertThat(rest.changes()).extracting(MessageEdit.Change::change).containsExactly(2L, 4L);
        assertThat(changes(alice, bob, rest.cursor(), 10).changes()).isEmpty();
        assertThat(store().changes(alice.id(), user("carol").id(), 0, 10)).isEmpty();
    }

    @Test
    default void a_new_box_sees_no_changes_from_before_its_start_and_deleting_boxes_erases_hidden_messages() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        hide(bob, alice, 1);
        hide(alice, bob, 2);
        recall(alice, bob, 3);
        assertThat(store().deleteChat(alice.id(), bob.id())).isTrue();
        send(bob, alice, "4"); // alice's new box starts at 4
        assertThat(changes(alice, bob, 0, 10).changes()).isEmpty();
        assertThat(seqs(newest(bob, alice, 10))).containsExactly(2L, 3L, 4L);
        // both boxes gone: every message erased, hidden or not
        assertThat(store().deleteChat(bob.id(), alice.id())).isTrue();
        assertThat(store().deleteChat(alice.id(), bob.id())).isTrue();
        send(alice, bob, "5");
        assertThat(seqs(newest(bob, alice, 10))).containsExactly(5L);
        assertThat(changes(bob, alice, 0, 10).changes()).isEmpty();
    }

    @Test
    default void a_repeated_client_id_of_a_reply_returns_the_first_with_its_quote() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        Message first = send(alice, bob, "q");
        NewMessage m = new NewMessage(bob.id(), alice.id(), "a", "c-1", tick(), first.seq());
        Message stored = ((AppendOutcome.Stored) store().appendMessages(List.of(m)).getFirst()).message();
        AppendOutcome again = store().appendMessages(List.of(m)).getFirst();
        assertThat(again).isEqualTo(new AppendOutcome.Duplicate(stored));
    }
}
