package app.duet.storage;

import app.duet.model.Message;
import app.duet.model.User;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Store} contract, part of {@link StoreContract}: history pages: the newest page,
 * {@code before} and {@code after} cursors, {@code hasMore}, and only the owner's copy of the
 * pair.
 */
public interface HistoryContract extends StoreFixture {

    /**
     * Alice and Bob exchange {@code sent} messages (seqs 1..sent); then each of the two asks for a
     * page of their copy. An empty cursor is none; {@code page} lists the seqs, in order.
     */
    @ParameterizedTest(name = "history {0}")
    @CsvSource(delimiter = '|', textBlock = """
        # history ...                                                 | sent | before | after | limit | page                 | hasMore
        without a cursor returns the newest page in ascending seq     | 10   |        |       | 3     | 8 9 10               | true
        without a cursor has no more when the page holds everything   | 5    |        |       | 5     | 1 2 3 4 5            | false
        without a cursor has no more when the limit is beyond it all  | 5    |        |       | 200   | 1 2 3 4 5            | false
        without a cursor has more when one message is left out        | 5    |        |       | 4     | 2 3 4 5              | true
        before returns the newest messages below the cursor           | 10   | 8      |       | 3     | 5 6 7                | true
        before has no more when the page reaches the start exactly    | 10   | 4      |       | 3     | 1 2 3                | false
        before has no more when the page is short of the start        | 10   | 3      |       | 5     | 1 2                  | false
        before the first message is empty with no more                | 10   | 1      |       | 5     |                      | false
        before a cursor past the end returns the newest page          | 5    | 1000   |       | 2     | 4 5                  | true
        after returns the oldest messages above the cursor            | 10   |        | 3     | 4     | 4 5 6 7              | true
        after has no more when the page reaches the newest exactly    | 10   |        | 7     | 3     | 8 9 10               | false
        after the newest message is empty with no more                | 10   |        | 10    | 3     |                      | false
        after 0 returns everything                                    | 10   |        | 0     | 50    | 1 2 3 4 5 6 7 8 9 10 | false
        """)
    default void history_pages(String what, int sent, Long before, Long after, int limit, String page, boolean hasMore) {
        User alice = user("alice");
        User bob = user("bob");
        befriend(alice, bob);
        conversation(alice, bob, sent);
        List<Long> expected = page == null ? List.of() : Stream.of(page.split(" ")).map(Long::valueOf).toList();

        HistoryPage alices = history(alice, bob, before, after, limit);
        HistoryPage bobs = history(bob, alice, before, after, limit);

        assertThat(seqs(alices)).as("alice's copy").isEqualTo(expected);
        assertThat(alices.hasMore()).as("alice's copy").isEqualTo(hasMore);
        assertThat(seqs(bobs)).as("bob's copy").isEqualTo(expected);
        assertThat(bobs.hasMore()).as("bob's copy").isEqualTo(hasMore);
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
