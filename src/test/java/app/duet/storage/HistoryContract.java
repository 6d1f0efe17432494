package app.duet.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: history pages: the newest page,
 * {@code before} and {@code after} cursors, {@code hasMore}, and only the owner's copy of the
 * pair.
 */
public interface HistoryContract extends StoreFixture {

    @Test
    default void history_without_a_cursor_returns_the_newest_page_in_ascending_seq() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage page = newest(bob, alice, 3);

        assertThat(seqs(page)).containsExactly(8L, 9L, 10L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    default void history_without_a_cursor_has_no_more_when_the_page_holds_everything() {
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
    default void history_before_returns_the_newest_messages_below_the_cursor() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage page = history(alice, bob, 8L, null, 3);

        assertThat(seqs(page)).containsExactly(5L, 6L, 7L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    default void history_before_has_no_more_at_the_start_of_the_copy() {
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
    default void history_before_a_cursor_past_the_end_returns_the_newest_page() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 5);

        assertThat(seqs(history(alice, bob, 1_000L, null, 2))).containsExactly(4L, 5L);
    }

    @Test
    default void history_after_returns_the_oldest_messages_above_the_cursor() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 10);

        HistoryPage page = history(bob, alice, null, 3L, 4);

        assertThat(seqs(page)).containsExactly(4L, 5L, 6L, 7L);
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    default void history_after_has_no_more_at_the_newest_message() {
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
    default void paging_back_with_before_visits_every_message_once() {
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
    default void paging_forward_with_after_visits_every_message_once() {
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
    default void history_is_empty_without_a_chat_box() {
        User alice = user("alice");
        User bob = user("bob");
        User carol = user("carol");
        befriend(alice, bob);

        assertThat(store().history(alice.id(), bob.id(), new HistoryQuery(null, null, 50))).isEmpty();
        assertThat(store().history(alice.id(), carol.id(), new HistoryQuery(null, null, 50))).isEmpty();
    }

    @Test
    default void nobody_has_a_chat_box_with_themselves() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        send(alice, bob, "1");

        assertThat(store().findChat(alice.id(), alice.id())).isEmpty();
        assertThat(store().history(alice.id(), alice.id(), new HistoryQuery(null, null, 50))).isEmpty();
        assertThat(store().markRead(alice.id(), alice.id(), 1)).isEmpty();
        assertThat(store().deleteChat(alice.id(), alice.id())).isFalse();
    }

    @Test
    default void history_is_only_the_owners_copy() {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, 3);
        store().createChat(bob.id(), alice.id(), tick());
        store().deleteChat(alice.id(), bob.id());

        assertThat(store().history(alice.id(), bob.id(), new HistoryQuery(null, null, 50))).isEmpty();
        assertThat(seqs(newest(bob, alice, 50))).containsExactly(1L, 2L, 3L);
    }

    @Test
    default void history_of_one_pair_never_shows_another_pairs_messages() {
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
}
