package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.Message;
import app.duet.model.User;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: creating chat boxes (empty, one side
 * only) and listing them, latest activity first, with peer, last message, unread and time.
 */
public interface ChatBoxesContract extends StoreFixture {

    @Test
    default void creating_a_chat_box_makes_an_empty_one() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        long now = tick();

        assertThat(store().createChat(alice.id(), bob.id(), now)).isTrue();

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
    default void creating_a_chat_box_does_not_create_the_peers() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);

        store().createChat(alice.id(), bob.id(), tick());

        assertThat(store().findChat(bob.id(), alice.id())).isEmpty();
        assertThat(store().listChats(bob.id())).isEmpty();
    }

    @Test
    default void creating_an_existing_chat_box_reports_false_and_keeps_it_as_it_was() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        ChatBox before = chat(bob, alice);

        assertThat(store().createChat(bob.id(), alice.id(), tick())).isFalse();

        assertThat(chat(bob, alice)).isEqualTo(before);
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L);
    }

    @Test
    default void a_chat_box_created_after_a_deletion_starts_empty_and_hides_older_messages() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store().deleteChat(bob.id(), alice.id());

        assertThat(store().createChat(bob.id(), alice.id(), tick())).isTrue();

        ChatBox box = chat(bob, alice);
        assertThat(box.unread()).isZero();
        assertThat(box.lastMessage()).isNull();
        assertThat(newest(bob, alice, 50).messages()).isEmpty();
        assertThat(history(bob, alice, null, 0L, 50).messages()).isEmpty();
        assertThat(store().listChats(bob.id()).getFirst().lastMessage()).isNull();

        Message m = send(alice, bob, "4");

        assertThat(newest(bob, alice, 50).messages()).containsExactly(m);
        assertThat(chat(bob, alice).unread()).isEqualTo(1);
        assertThat(chat(bob, alice).lastMessage()).isEqualTo(m);
    }

    @Test
    default void a_first_message_into_a_created_box_creates_only_the_recipients() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().createChat(alice.id(), bob.id(), tick());

        AppendOutcome.Stored s = stored(alice, bob, "hi", null);

        assertThat(s.message().seq()).isEqualTo(1);
        assertThat(s.senderChatCreated()).isFalse();
        assertThat(s.recipientChatCreated()).isTrue();
        assertThat(newest(alice, bob, 50).messages()).containsExactly(s.message());
    }

    @Test
    default void ending_a_contact_keeps_both_chat_boxes() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        store().removeContact(alice.id(), bob.id());

        assertThat(store().findChat(alice.id(), bob.id())).isPresent();
        assertThat(store().listChats(bob.id())).hasSize(1);
    }

    // ================================================================ listing chat boxes

    @Test
    default void chat_boxes_are_listed_latest_activity_first() {
        User me = user("me");
        User b = user("b1");
        User c = user("c1");
        User d = user("d1");
        for (User u : List.of(b, c, d)) befriend(me, u);
        send(me, b, "to b");
        store().createChat(me.id(), c.id(), tick());
        send(d, me, "from d");

        assertThat(peers(store().listChats(me.id()))).containsExactly(d.id(), c.id(), b.id());

        send(b, me, "b again");

        assertThat(peers(store().listChats(me.id()))).containsExactly(b.id(), d.id(), c.id());

        send(me, c, "to c");

        assertThat(peers(store().listChats(me.id()))).containsExactly(c.id(), b.id(), d.id());
    }

    @Test
    default void reading_is_not_activity_that_reorders_the_list() {
        User me = user("me");
        User b = user("b1");
        User c = user("c1");
        befriend(me, b);
        befriend(me, c);
        send(b, me, "1");
        send(c, me, "2");

        store().markRead(me.id(), b.id(), 1);

        assertThat(peers(store().listChats(me.id()))).containsExactly(c.id(), b.id());
    }

    @Test
    default void a_listed_chat_box_carries_its_peer_last_message_unread_and_time() {
        User me = user("me");
        User bob = user("bob", "Bob Builder");
        User carol = user("carol", "Carol");
        befriend(me, bob);
        befriend(me, carol);
        send(me, bob, "1");
        Message last = send(bob, me, "2");
        long created = tick();
        store().createChat(me.id(), carol.id(), created);

        List<ChatBox> chats = store().listChats(me.id());

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
    default void the_last_message_is_the_newest_whoever_sent_it() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");
        Message second = send(bob, alice, "2");

        assertThat(chat(alice, bob).lastMessage()).isEqualTo(second);
        assertThat(chat(bob, alice).lastMessage()).isEqualTo(second);
    }

    @Test
    default void a_user_without_chat_boxes_lists_none() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().createChat(bob.id(), alice.id(), tick());

        assertThat(store().listChats(alice.id())).isEmpty();
        assertThat(store().listChats(bob.id())).hasSize(1);
    }
}
