package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.User;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: deleting a chat box: gone for its
 * owner only; a box made again later holds only messages from then on.
 */
public interface DeletingContract extends StoreFixture {

    @Test
    default void deleting_a_chat_box_removes_it_for_its_owner_only() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        List<Message> sent = conversation(alice, bob, 3);
        send(alice, bob, "4");
        ChatBox bobsBefore = chat(bob, alice);

        assertThat(store().deleteChat(alice.id(), bob.id())).isTrue();

        assertThat(store().findChat(alice.id(), bob.id())).isEmpty();
        assertThat(store().listChats(alice.id())).isEmpty();
        assertThat(store().history(alice.id(), bob.id(), new HistoryQuery(null, null, 50))).isEmpty();
        // PROTOCOL.md §4: the peer's box, history and unread count do not change.
        ChatBox bobsAfter = chat(bob, alice);
        assertThat(bobsAfter).isEqualTo(bobsBefore);
        assertThat(bobsAfter.unread()).isEqualTo(3);
        assertThat(newest(bob, alice, 50).messages()).startsWith(sent.toArray(Message[]::new)).hasSize(4);
        assertThat(store().listChats(bob.id())).hasSize(1);
    }

    @Test
    default void deleting_a_missing_chat_box_reports_false() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store().deleteChat(alice.id(), bob.id())).isFalse();

        send(alice, bob, "1");
        assertThat(store().deleteChat(alice.id(), bob.id())).isTrue();
        assertThat(store().deleteChat(alice.id(), bob.id())).isFalse();
    }

    @Test
    default void a_later_message_from_the_peer_recreates_the_box_holding_only_messages_from_then_on() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store().deleteChat(alice.id(), bob.id());
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
    default void a_later_message_from_the_owner_recreates_the_box_holding_only_messages_from_then_on() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store().deleteChat(alice.id(), bob.id());

        AppendOutcome.Stored s = stored(alice, bob, "me again", null);

        assertThat(s.message().seq()).isEqualTo(4);
        assertThat(s.senderChatCreated()).isTrue();
        assertThat(s.recipientChatCreated()).isFalse();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(s.message());
        assertThat(chat(alice, bob).unread()).isZero();
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    default void no_cursor_reaches_messages_from_before_a_deletion() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);
        store().deleteChat(bob.id(), alice.id());
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
    default void unread_after_a_deletion_counts_only_the_new_messages() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        for (int i = 0; i < 5; i++) send(alice, bob, "old " + i);
        store().deleteChat(bob.id(), alice.id());

        send(alice, bob, "new 1");
        send(alice, bob, "new 2");

        assertThat(chat(bob, alice).unread()).isEqualTo(2);
    }

    @Test
    default void reading_a_recreated_box_works_from_its_new_start() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 4);
        store().deleteChat(bob.id(), alice.id());
        send(alice, bob, "5");
        send(alice, bob, "6");

        assertThat(store().markRead(bob.id(), alice.id(), 5)).contains(new ReadOutcome(5, true));
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(5);
    }

    @Test
    default void both_sides_can_delete_and_a_later_message_recreates_both() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 2);
        store().deleteChat(alice.id(), bob.id());
        store().deleteChat(bob.id(), alice.id());

        AppendOutcome.Stored s = stored(bob, alice, "3", null);

        assertThat(s.message().seq()).isEqualTo(3);
        assertThat(s.senderChatCreated()).isTrue();
        assertThat(s.recipientChatCreated()).isTrue();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(s.message());
        assertThat(newest(bob, alice, 50).messages()).containsExactly(s.message());
    }
}
