package app.duet.storage;

import app.duet.model.ChatBox;
import app.duet.model.ChatSettings;
import app.duet.model.User;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: when a user was last seen (extension
 * {@code lastSeen}), and a chat box's own settings (extension {@code PATCH /api/chats/{peerId}}).
 */
public interface LastSeenAndChatSettingsContract extends StoreFixture {

    @Test
    default void last_seen_is_unknown_until_recorded_and_never_goes_back() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        store().createChat(alice.id(), bob.id(), tick());
        assertThat(store().findChat(alice.id(), bob.id()).orElseThrow().peerLastSeen()).isZero();
        assertThat(store().contactsLastSeen(alice.id())).isEmpty();

        long at = tick();
        store().recordLastSeen(Map.of(bob.id(), at));
        store().recordLastSeen(Map.of(bob.id(), at - 5_000)); // an older report (another node, a skewed clock) loses

        assertThat(store().findChat(alice.id(), bob.id()).orElseThrow().peerLastSeen()).isEqualTo(at);
        assertThat(store().listChats(alice.id()).getFirst().peerLastSeen()).isEqualTo(at);
        assertThat(store().contactsLastSeen(alice.id())).isEqualTo(Map.of(bob.id(), at));
    }

    @Test
    default void last_seen_is_recorded_for_many_users_at_once_and_an_unknown_one_is_skipped() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);
        befriend(alice, carol);
        long earlier = tick();
        store().recordLastSeen(Map.of(carol.id(), earlier + 10));
        long at = tick();

        store().recordLastSeen(Map.of(bob.id(), at, carol.id(), earlier, 999_999_999L, at));

        assertThat(store().contactsLastSeen(alice.id())).isEqualTo(Map.of(bob.id(), at, carol.id(), earlier + 10));
        store().recordLastSeen(Map.of()); // nothing to write, no transaction
    }

    @Test
    default void contacts_last_seen_names_contacts_only() {
        User alice = user("alice");
        User bob = user("bob");
        User stranger = user("stranger");
        befriend(alice, bob);
        store().recordLastSeen(Map.of(bob.id(), tick()));
        store().recordLastSeen(Map.of(stranger.id(), tick()));

        assertThat(store().contactsLastSeen(alice.id())).containsOnlyKeys(bob.id());
        assertThat(store().contactsLastSeen(stranger.id())).isEmpty();
    }

    @Test
    default void a_new_box_has_no_settings_and_each_setting_changes_alone() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(bob, alice, "hi");
        assertThat(store().findChat(alice.id(), bob.id()).orElseThrow().settings()).isEqualTo(ChatSettings.NONE);

        ChatBox pinned = store().changeChatSettings(alice.id(), bob.id(), true, null, null).orElseThrow();
        assertThat(pinned.settings()).isEqualTo(new ChatSettings(true, false, false));
        assertThat(pinned.lastMessage().text()).isEqualTo("hi");
        assertThat(store().changeChatSettings(alice.id(), bob.id(), null, true, true).orElseThrow().settings())
                .isEqualTo(new ChatSettings(true, true, true));
        assertThat(store().changeChatSettings(alice.id(), bob.id(), false, null, false).orElseThrow().settings())
                .isEqualTo(new ChatSettings(false, true, false));
        // The peer's box is the peer's own.
        assertThat(store().findChat(bob.id(), alice.id()).orElseThrow().settings()).isEqualTo(ChatSettings.NONE);
        assertThat(store().listChats(alice.id()).getFirst().settings()).isEqualTo(new ChatSettings(false, true, false));
    }

    @Test
    default void settings_of_a_missing_box_change_nothing_and_deleting_a_box_forgets_them() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        assertThat(store().changeChatSettings(alice.id(), bob.id(), true, true, true)).isEmpty();

        send(bob, alice, "hi");
        store().changeChatSettings(alice.id(), bob.id(), true, true, true);
        store().deleteChat(alice.id(), bob.id());
        send(bob, alice, "again");
        assertThat(store().findChat(alice.id(), bob.id()).orElseThrow().settings()).isEqualTo(ChatSettings.NONE);
    }

    @Test
    default void a_box_written_by_a_version_3_node_reads_with_no_settings() throws Exception {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        // As version 3 creates a box: it names none of version 4's columns.
        runSql("INSERT INTO chats (owner_id, peer_id, start_seq, read_mark, peer_read_mark, created_at, updated_at,"
                + " unread, unread_seq, unread_mark) VALUES (" + alice.id() + ", " + bob.id() + ", 1, 0, 0, 1, 1, 0, 0, 0)");
        assertThat(store().findChat(alice.id(), bob.id()).orElseThrow().settings()).isEqualTo(ChatSettings.NONE);
        assertThat(store().changeChatSettings(alice.id(), bob.id(), null, true, null).orElseThrow().settings().muted()).isTrue();
    }
}
