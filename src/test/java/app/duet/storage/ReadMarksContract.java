package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.User;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: unread counts and read marks: the own
 * mark, never down, never past the last seq, and the peer's mark shown in a chat box.
 */
public interface ReadMarksContract extends StoreFixture {

    @Test
    default void unread_counts_only_the_peers_messages_above_the_read_mark() {
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
    default void reading_lowers_the_unread_count() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 1);
        send(alice, bob, "2");
        send(alice, bob, "3");

        assertThat(store().markRead(bob.id(), alice.id(), 2)).contains(new ReadOutcome(2, true));

        ChatBox box = chat(bob, alice);
        assertThat(box.readMark()).isEqualTo(2);
        assertThat(box.unread()).isEqualTo(1);
        assertThat(store().markRead(bob.id(), alice.id(), 3)).contains(new ReadOutcome(3, true));
        assertThat(chat(bob, alice).unread()).isZero();
    }

    @Test
    default void reading_ones_own_messages_leaves_unread_at_the_peers_count() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(bob, alice, "2");
        send(alice, bob, "3");

        store().markRead(bob.id(), alice.id(), 2);

        assertThat(chat(bob, alice).unread()).isEqualTo(1);
    }

    @Test
    default void the_read_mark_never_moves_down() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);
        store().markRead(bob.id(), alice.id(), 4);

        assertThat(store().markRead(bob.id(), alice.id(), 2)).contains(new ReadOutcome(4, false));
        assertThat(store().markRead(bob.id(), alice.id(), 4)).contains(new ReadOutcome(4, false));
        assertThat(store().markRead(bob.id(), alice.id(), 0)).contains(new ReadOutcome(4, false));
        assertThat(chat(bob, alice).readMark()).isEqualTo(4);
    }

    @Test
    default void the_read_mark_stops_at_the_pairs_last_seq() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);

        assertThat(store().markRead(bob.id(), alice.id(), 1_000)).contains(new ReadOutcome(3, true));
        assertThat(chat(bob, alice).readMark()).isEqualTo(3);
        assertThat(store().markRead(bob.id(), alice.id(), Long.MAX_VALUE)).contains(new ReadOutcome(3, false));

        send(alice, bob, "4");

        assertThat(chat(bob, alice).unread()).isEqualTo(1);
    }

    @Test
    default void reading_an_empty_box_leaves_the_mark_where_it_is() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().createChat(alice.id(), bob.id(), tick());

        Long mark = chat(alice, bob).readMark();

        assertThat(store().markRead(alice.id(), bob.id(), 10)).contains(new ReadOutcome(mark, false));
    }

    @Test
    default void reading_without_a_chat_box_is_empty() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        assertThat(store().markRead(alice.id(), bob.id(), 1)).isEmpty();

        send(alice, bob, "1");
        store().deleteChat(bob.id(), alice.id());

        assertThat(store().markRead(bob.id(), alice.id(), 1)).isEmpty();
    }

    @Test
    default void one_sides_read_mark_does_not_move_the_other_sides() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 4);
        long aliceMark = chat(alice, bob).readMark();

        store().markRead(bob.id(), alice.id(), 4);

        assertThat(chat(alice, bob).readMark()).isEqualTo(aliceMark);
        assertThat(chat(alice, bob).unread()).isEqualTo(2);
    }

    @Test
    default void a_chat_box_shows_the_peers_read_mark() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 1);
        send(alice, bob, "2");
        send(alice, bob, "3");

        store().markRead(bob.id(), alice.id(), 2);

        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(2);
        assertThat(chat(bob, alice).readMark()).isEqualTo(2);
        assertThat(store().listChats(alice.id()).getFirst().peerReadMark()).isEqualTo(2);
    }

    @Test
    default void a_chat_box_tells_whether_its_peer_is_a_contact_now() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        assertThat(chat(alice, bob).peerIsContact()).isTrue();
        assertThat(store().listChats(bob.id()).getFirst().peerIsContact()).isTrue();

        store().removeContact(bob.id(), alice.id());

        assertThat(chat(alice, bob).peerIsContact()).isFalse();
        assertThat(store().listChats(bob.id()).getFirst().peerIsContact()).isFalse();
    }

    @Test
    default void the_peers_read_mark_outlives_the_peer_deleting_their_box() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        send(alice, bob, "2");
        store().markRead(bob.id(), alice.id(), 2);

        store().deleteChat(bob.id(), alice.id());

        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(2);
    }

    @Test
    default void a_new_box_learns_how_far_the_peer_has_read() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        store().markRead(bob.id(), alice.id(), 1);
        store().deleteChat(alice.id(), bob.id());

        store().createChat(alice.id(), bob.id(), tick());

        assertThat(chat(alice, bob).peerReadMark()).isEqualTo(1);
    }

    @Test
    default void the_peers_read_mark_is_0_when_the_peer_has_no_chat_box() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().createChat(alice.id(), bob.id(), tick());

        assertThat(chat(alice, bob).peerReadMark()).isZero();

        send(alice, bob, "1");
        store().deleteChat(bob.id(), alice.id());

        assertThat(chat(alice, bob).peerReadMark()).isZero();
    }

    @Test
    default void a_box_created_by_an_incoming_message_starts_unread_at_that_message() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        Message m = send(alice, bob, "hi");

        ChatBox bobs = chat(bob, alice);
        assertThat(bobs.unread()).isEqualTo(1);
        assertThat(bobs.readMark()).isLessThan(m.seq());
        assertThat(chat(alice, bob).unread()).isZero();
    }
}
